"""Staff pages and personal-data downloads are never kept by a browser or proxy cache."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from responses.models import ExportStatus
from tests.factories import ConsultationFactory, ExportFactory, ResponseFactory
from tests.security.test_staff_access import staff_urls

pytestmark = pytest.mark.django_db


def kept_by_caches(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return not {"no-store", "private"} <= directives


def test_every_staff_and_admin_page_says_no_store_to_a_signed_in_officer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="a-long-test-password"))

    cached = {
        name: response.status_code for name, url in staff_urls().items() if kept_by_caches(response := client.get(url))
    }

    assert cached == {}


def test_the_sign_in_pages_and_their_redirects_say_no_store(client):
    for url in ["/staff/", "/staff/sign-in/", "/admin/", "/admin/login/", "/staff/exports/"]:
        assert not kept_by_caches(client.get(url)), url


def test_public_pages_may_still_be_cached(client):
    ConsultationFactory()

    assert "no-store" not in client.get("/consultations/").get("Cache-Control", "")


def test_a_letter_download_says_no_store(client, moderator):
    response = ResponseFactory(
        attachment=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"), attachment_content_type="application/pdf"
    )
    client.force_login(moderator)

    download = client.get(reverse("moderation:attachment", kwargs={"reference": response.reference}))

    assert download.status_code == 200
    assert not kept_by_caches(download)


def test_a_personal_data_export_download_says_no_store(client, senior):
    export = ExportFactory(
        consultation=ConsultationFactory(), requested_by=senior, include_personal_data=True, status=ExportStatus.DONE
    )
    content = ContentFile(b"reference,name\r\nNCC-AAAA-1111,Ann Other\r\n")
    export.file.name = storages["private"].save(f"exports/{export.pk}/file.csv", content)
    export.save()
    client.force_login(senior)

    download = client.get(reverse("exports:download", kwargs={"pk": export.pk}))

    assert download.status_code == 200
    assert not kept_by_caches(download)
