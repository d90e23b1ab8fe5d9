"""Letters cannot fill the disk: size cut off while reading, one per draft, a few an hour, no zip bombs."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from .journey import ABOUT_PARISH, PARISH, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF"
BIG = 11 * 1024 * 1024


def stored_letters(private: Path) -> list[Path]:
    return [path for path in (private / "attachments").rglob("*") if path.is_file()]


def to_about(client, consultation) -> None:
    client.get(url(consultation, "start"))
    client.post(url(consultation, "who"), PARISH)


def send_letter(client, consultation, name="letter.pdf", body=PDF, **extra):
    return client.post(url(consultation, "about"), ABOUT_PARISH | {"letter": SimpleUploadedFile(name, body)}, **extra)


def docx(extra_parts: dict[str, bytes] | None = None, compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, body in (extra_parts or {}).items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_a_letter_over_10_mb_gets_the_form_back_with_a_clear_message(client, demo_consultation, tmp_path):
    to_about(client, demo_consultation)

    response = send_letter(client, demo_consultation, body=b"%PDF-" + bytes(BIG))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The selected file must be smaller than 10 MB" in page
    assert 'value="Aylsham Town Council"' in page  # the other answers are kept
    assert stored_letters(tmp_path) == []


def test_a_public_upload_stops_being_kept_once_it_passes_10_mb(rf, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "spool")
    (tmp_path / "spool").mkdir()
    request = rf.post("/upload/", {"letter": SimpleUploadedFile("big.pdf", bytes(BIG)), "consent": "named"})
    request.user = AnonymousUser()

    letter = request.FILES["letter"]

    # While the request is still open, nothing of the file is left on disk or in memory.
    assert [path.stat().st_size for path in (tmp_path / "spool").iterdir()] == []
    assert letter.size > 10 * 1024 * 1024 and letter.read() == b""
    assert request.POST["consent"] == "named"


def test_a_new_letter_replaces_the_one_already_waiting_with_the_draft(client, demo_consultation, tmp_path):
    to_about(client, demo_consultation)
    send_letter(client, demo_consultation, name="first.pdf")

    send_letter(client, demo_consultation, name="second.pdf")

    assert len(stored_letters(tmp_path)) == 1
    client.post(url(demo_consultation, "questions"), {"q_proposal_agreement": "agree", "q_impact": "None"})
    check = client.get(url(demo_consultation, "check")).content.decode()
    assert "second.pdf" in check and "first.pdf" not in check


def test_one_session_cannot_upload_letter_after_letter(client, demo_consultation, tmp_path):
    to_about(client, demo_consultation)
    for n in range(5):
        assert send_letter(client, demo_consultation, name=f"letter-{n}.pdf").status_code == 302

    refused = send_letter(client, demo_consultation, name="letter-6.pdf")

    assert refused.status_code == 429
    assert "You have uploaded too many letters" in refused.content.decode()
    assert len(stored_letters(tmp_path)) == 1


def test_one_address_cannot_upload_letters_from_session_after_session(demo_consultation, tmp_path):
    pages = []
    for _ in range(11):
        client = Client(REMOTE_ADDR="203.0.113.9")
        to_about(client, demo_consultation)
        pages.append(send_letter(client, demo_consultation))

    assert [page.status_code for page in pages] == [302] * 10 + [429]
    assert "You have uploaded too many letters" in pages[-1].content.decode()
    assert len(stored_letters(tmp_path)) == 10
    other = Client(REMOTE_ADDR="198.51.100.3")
    to_about(other, demo_consultation)
    assert send_letter(other, demo_consultation).status_code == 302


def test_a_word_file_with_thousands_of_parts_is_refused_clearly(client, demo_consultation, tmp_path):
    to_about(client, demo_consultation)
    parts = {f"word/media/part{n}.xml": b"" for n in range(2000)}

    response = send_letter(client, demo_consultation, name="letter.docx", body=docx(parts))

    assert "The selected Word file is too complex to check" in response.content.decode()
    assert stored_letters(tmp_path) == []


def test_a_word_file_that_would_inflate_to_2_gb_is_refused_clearly(client, demo_consultation, tmp_path):
    body = bytearray(docx({"word/media/image1.png": bytes(100_000)}, zipfile.ZIP_DEFLATED))
    # The last part's directory entry says it inflates to 2 GB, as a zip bomb's does.
    struct.pack_into("<L", body, body.rfind(b"PK\x01\x02") + 24, 2 * 1024**3)
    to_about(client, demo_consultation)

    response = send_letter(client, demo_consultation, name="letter.docx", body=bytes(body))

    assert "The selected Word file is too complex to check" in response.content.decode()
    assert stored_letters(tmp_path) == []


def test_an_ordinary_word_letter_is_still_accepted(client, demo_consultation, tmp_path):
    to_about(client, demo_consultation)

    response = send_letter(client, demo_consultation, name="letter.docx", body=docx({"word/styles.xml": b"<s/>"}))

    assert response.status_code == 302
    assert len(stored_letters(tmp_path)) == 1
