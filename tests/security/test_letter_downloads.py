"""A letter is downloaded under a name the portal makes, never the one the respondent gave it."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("own_name", "content_type", "served_type", "extension"),
    [
        ("letter.html", "application/pdf", "application/pdf", "pdf"),
        ("Council letter.hta", DOCX, DOCX, "docx"),
        ("letter.svg", "image/svg+xml", "application/octet-stream", "bin"),
    ],
    ids=["pdf-named-html", "docx-named-hta", "unknown-type"],
)
def test_a_letter_downloads_as_reference_letter_with_the_extension_of_its_checked_type(
    client, moderator, own_name, content_type, served_type, extension
):
    response = ResponseFactory(
        attachment=ContentFile(b"letter content", name="stored"),
        attachment_name=own_name,
        attachment_content_type=content_type,
    )
    client.force_login(moderator)

    download = client.get(reverse("moderation:attachment", kwargs={"reference": response.reference}))

    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{response.reference}-letter.{extension}"'
    assert download["Content-Type"] == served_type
    assert download["X-Content-Type-Options"] == "nosniff"
