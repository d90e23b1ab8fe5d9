"""Letters attached to a response: stored privately under a random name, and deleted when no response holds them."""

import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

import filetype
from django.core.files.base import File
from django.utils import timezone

from responses.models import Response


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


def letter_content_type(upload) -> str | None:
    """PDF or DOCX, decided by the file's content (never its name or the browser's claim); None otherwise."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime == PDF and head.startswith(b"%PDF-"):
        return PDF
    # filetype only sees a ZIP's first entry; a Word file must hold the document part itself.
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return DOCX
    return None
