"""Consultation documents: which accepted format a file is, judged by its content alone.

Only PDF, Word (.docx) and OpenDocument text (.odt) are accepted. The file's name and
the browser's claim are never trusted: a page served from this site as HTML or script
could act for any officer who opens it.
"""

import zipfile
import zlib
from dataclasses import dataclass

import filetype

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


# The part of a zip-based document that names its type is small; a bigger one is not a real document.
MAX_TYPE_ENTRY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class DocumentFormat:
    code: str
    content_type: str
    # A PDF may be shown in the browser (with a sandbox policy); the others are always downloaded.
    inline: bool


PDF = DocumentFormat("pdf", "application/pdf", inline=True)
DOCX = DocumentFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", inline=False)
ODT = DocumentFormat("odt", "application/vnd.oasis.opendocument.text", inline=False)
FORMATS = {item.code: item for item in (PDF, DOCX, ODT)}

DOCX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def document_format(file) -> DocumentFormat | None:
    """PDF, DOCX or ODT, decided by the file's content; None for anything else (or nothing readable)."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime == PDF.content_type and head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            return _zip_format(archive)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return None
    finally:
        file.seek(0)


def _zip_format(archive: zipfile.ZipFile) -> DocumentFormat | None:
    """DOCX when the package declares a Word main document; ODT when its first entry says so."""
    entries = {info.filename: info for info in archive.infolist()}
    types = entries.get("[Content_Types].xml")
    if types and "word/document.xml" in entries and types.file_size <= MAX_TYPE_ENTRY_BYTES:
        return DOCX if DOCX_MAIN_PART in archive.read(types) else None
    # OpenDocument: the first entry is "mimetype", stored as it is, holding the type.
    first = archive.infolist()[0] if archive.infolist() else None
    if first and first.filename == "mimetype" and first.file_size <= 100 and "content.xml" in entries:
        return ODT if archive.read(first).strip() == ODT.content_type.encode() else None
    return None
