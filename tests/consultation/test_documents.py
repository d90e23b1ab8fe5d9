"""Consultation documents: only PDF, Word and OpenDocument files, recognised by content, served safely."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from consultation.models import Document
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML_BYTES = b"<!doctype html><script>fetch('/staff/exports/')</script>"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded documents go to a temporary folder."""
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}
    }


def stored(consultation, title: str, name: str, content: bytes) -> Document:
    """A document saved straight to storage, as one uploaded before files were checked."""
    document = Document(consultation=consultation, title=title)
    document.file.save(name, ContentFile(content), save=True)
    return document


def admin_post(client, consultation, upload):
    """The builder's "Add a document" page sent with one file."""
    data = {"title": "Full proposal", "url": "", "file": upload}
    return client.post(f"/staff/consultations/{consultation.pk}/documents/new/", data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("proposal.html", HTML_BYTES, "text/html"),
        ("proposal.js", b"fetch('/staff/exports/').then(r => r.text())", "text/javascript"),
        ("proposal.pdf", HTML_BYTES, "application/pdf"),
        ("proposal.docx", b"PK\x03\x04 not really a zip", "application/msword"),
    ],
    ids=["html", "script", "html-named-pdf", "broken-zip"],
)
def test_a_manager_uploading_anything_but_pdf_docx_or_odt_is_refused_with_a_clear_message(
    client, manager, name, content, content_type
):
    consultation = ConsultationFactory()
    client.force_login(manager)

    response = admin_post(client, consultation, SimpleUploadedFile(name, content, content_type=content_type))

    assert response.status_code == 200
    message = "The file must be a PDF, a Word document (.docx) or an OpenDocument text (.odt)"
    assert message in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("content", "code"), [(PDF_BYTES, "pdf"), (docx_bytes(), "docx"), (odt_bytes(), "odt")], ids=["pdf", "docx", "odt"]
)
def test_a_manager_uploads_a_document_stored_under_a_generated_name_with_its_true_extension(
    client, manager, content, code
):
    consultation = ConsultationFactory()
    client.force_login(manager)

    response = admin_post(client, consultation, SimpleUploadedFile("My <Draft> report.txt", content))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_format == code
    assert document.file.name.startswith("documents/") and document.file.name.endswith(f".{code}")
    assert "Draft" not in document.file.name and "report" not in document.file.name


def test_a_document_over_20_mb_is_refused(client, manager):
    consultation = ConsultationFactory()
    client.force_login(manager)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))

    response = admin_post(client, consultation, big)

    assert "The file must be 20 MB or smaller" in response.content.decode()
    assert not Document.objects.exists()


def test_a_pdf_is_shown_inline_in_a_sandbox_under_a_name_made_from_its_title(client):
    consultation = ConsultationFactory()
    document = stored(consultation, "Equality impact: assessment", "eqia.txt", PDF_BYTES)

    served = client.get(reverse("consultations:document", args=[consultation.slug, document.pk]))

    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'inline; filename="equality-impact-assessment.pdf"'
    assert served["Content-Security-Policy"] == "sandbox"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (odt_bytes(), "application/vnd.oasis.opendocument.text", "odt"),
    ],
    ids=["docx", "odt"],
)
def test_word_and_opendocument_files_are_downloaded_under_a_safe_name(client, content, content_type, extension):
    consultation = ConsultationFactory()
    document = stored(consultation, 'Full "proposal" / 2018', "Council letter.hta", content)

    served = client.get(reverse("consultations:document", args=[consultation.slug, document.pk]))

    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"] == f'attachment; filename="full-proposal-2018.{extension}"'
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["proposal.html", "proposal.pdf", "proposal.js"])
def test_an_html_file_stored_before_uploads_were_checked_is_never_served(client, caplog, name):
    consultation = ConsultationFactory()
    document = stored(consultation, "Full proposal", name, HTML_BYTES)

    served = client.get(reverse("consultations:document", args=[consultation.slug, document.pk]))

    assert served.status_code == 404
    assert b"<script>" not in served.content
    assert f"Document {document.pk}" in caplog.text


def test_check_documents_lists_a_stored_html_file_and_withdraws_it_on_request(client, capsys):
    consultation = ConsultationFactory()
    bad = stored(consultation, "Full proposal", "proposal.html", HTML_BYTES)
    good = stored(consultation, "Summary", "summary.pdf", PDF_BYTES)

    with pytest.raises(CommandError, match="1 document"):
        call_command("check_documents")
    listed = capsys.readouterr().out
    call_command("check_documents", "--withdraw")

    assert f"document {bad.pk} 'Full proposal'" in listed and "Summary" not in listed
    assert list(Document.objects.all()) == [good]
    good.refresh_from_db()
    assert good.file_format == "pdf"
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Summary (PDF)" in page and "Full proposal" not in page
