"""Letters attached to a response: stored privately under a random name, and deleted when no response holds them."""

import io
import struct
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.models import Response, SavedDraft


@dataclass(frozen=True)
class StoredAttachment:
    """An uploaded letter saved in private storage: its storage name and what the respondent called it."""

    name: str
    original_name: str
    content_type: str


def attachment_store(*, file: File, content_type: str) -> StoredAttachment:
    """Save an uploaded letter in private storage under a random name and say where it went.

    The respondent's file name is kept only as a label: it never becomes part of a path.
    """
    extension = {"application/pdf": "pdf"}.get(content_type, "docx")
    now = timezone.now()
    path = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    file.seek(0)
    # The field's own storage, which is the "private" one: the file is read back through the field.
    name = Response._meta.get_field("attachment").storage.save(path, file)
    original = (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255]
    return StoredAttachment(name=name, original_name=original, content_type=content_type)


def attachment_discard(*, attachment: StoredAttachment) -> None:
    """Delete a stored letter that no response will hold (a draft replaced or abandoned, an entry refused)."""
    Response._meta.get_field("attachment").storage.delete(attachment.name)


def attachments_abandoned_delete(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete letters uploaded on the form but never sent: no response holds them and they are old.

    A letter is stored when its page is sent, before the response is; a draft left
    behind leaves its letter. Drafts end with the session, long before ``older_than``.
    Returns how many files were deleted.
    """
    storage = Response._meta.get_field("attachment").storage
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    for folder in _attachment_folders(storage):
        _, files = storage.listdir(folder)
        old = [f"{folder}/{name}" for name in files if storage.get_modified_time(f"{folder}/{name}") < cutoff]
        held = set(Response.objects.filter(attachment__in=old).values_list("attachment", flat=True))
        held |= set(SavedDraft.objects.filter(letter__in=old).values_list("letter", flat=True))  # saved for later
        for name in old:
            if name not in held:
                storage.delete(name)
                deleted += 1
    return deleted


def _attachment_folders(storage) -> list[str]:
    """The month folders letters are stored in: attachments/<year>/<month>."""
    if not storage.exists("attachments"):
        return []
    years = storage.listdir("attachments")[0]
    return [f"attachments/{year}/{month}" for year in years for month in storage.listdir(f"attachments/{year}")[0]]


MAX_LETTER_BYTES = 10 * 1024 * 1024


PDF = "application/pdf"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A Word letter holds a few dozen parts; a zip bomb holds thousands, or parts that
# inflate far beyond the file. Both are refused before anything is unpacked.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_INFLATED_BYTES = 50 * 1024 * 1024
DOCX_TOO_COMPLEX = _("The selected Word file is too complex to check. Save it as a PDF and upload that instead")
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")


def letter_content_type(upload) -> str | None:
    """PDF or DOCX, decided by the file's content (never its name or the browser's claim); None otherwise.

    Raises ValidationError for a Word file too large or too complex to open safely.
    """
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime == PDF and head.startswith(b"%PDF-"):
        return PDF
    # filetype only sees a ZIP's first entry; a Word file must hold the document part itself.
    if head.startswith(b"PK\x03\x04"):
        try:
            _docx_check_directory_size(upload)
            with zipfile.ZipFile(upload) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, struct.error):
            return None
        finally:
            upload.seek(0)
        if sum(entry.file_size for entry in entries) > DOCX_MAX_INFLATED_BYTES:
            raise ValidationError(DOCX_TOO_COMPLEX, code="docx_too_large")
        if {"[Content_Types].xml", "word/document.xml"} <= {entry.filename for entry in entries}:
            return DOCX
    return None


def _docx_check_directory_size(upload) -> None:
    """Refuse a zip with too many entries from its end record, before its directory is read (3 s for 90,000)."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_start = max(0, size - (_END_OF_DIRECTORY.size + 65535))
    upload.seek(tail_start)
    tail = upload.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0:
        raise zipfile.BadZipFile("no end of central directory")
    _, _, _, _, entries, directory_bytes, _, _ = _END_OF_DIRECTORY.unpack_from(tail, at)
    # A directory entry is 46 bytes and its names: a real one is well under 512.
    if entries > DOCX_MAX_ENTRIES or directory_bytes > DOCX_MAX_ENTRIES * 512:
        raise ValidationError(DOCX_TOO_COMPLEX, code="docx_too_many_entries")


class TooLargeUpload(UploadedFile):
    """An upload refused for its size: its name and size are kept, its content is not."""

    def __init__(self, name: str, size: int):
        super().__init__(file=io.BytesIO(), name=name, size=size)


class LetterUploadHandler(TemporaryFileUploadHandler):
    """Stops keeping a public upload once it passes MAX_LETTER_BYTES (settings.FILE_UPLOAD_HANDLERS).

    Letters are all the public uploads. Past the limit the file on disk is deleted and the
    rest of the body is read and dropped, so the page can still answer with the form and
    "must be smaller than 10 MB" (from the TooLargeUpload's size); the web server's body
    limit (docs/deploy.md) bounds that reading. Signed-in staff are not capped here: the
    documents they upload in the admin may be larger.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.refused = False

    def receive_data_chunk(self, raw_data, start):
        if not self.refused and start + len(raw_data) > MAX_LETTER_BYTES and not _signed_in(self.request):
            self.refused = True
            self.file.close()
        return None if self.refused else super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if self.refused:
            return TooLargeUpload(self.file_name, file_size)
        return super().file_complete(file_size)


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
