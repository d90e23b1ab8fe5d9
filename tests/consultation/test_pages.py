import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from consultation.models import Document
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_open_forthcoming_and_closed_consultations(client, django_assert_num_queries):
    now = timezone.now()
    ConsultationFactory(title="Open one")
    ConsultationFactory(
        title="Coming one", opens_at=now + datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=30)
    )
    ConsultationFactory(
        title="Past one", opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=3)
    )
    ConsultationFactory(title="Draft one", published_at=None)

    with django_assert_num_queries(1):
        page = client.get("/consultations/").content.decode()

    assert page.index("Open one") < page.index("Coming one") < page.index("Past one")
    assert "Draft one" not in page


def test_an_open_consultation_shows_the_respond_button_and_its_centres_with_their_proposed_status(
    client, demo_consultation
):
    page = client.get(demo_consultation.get_absolute_url()).content.decode()

    assert f'href="/consultations/{demo_consultation.slug}/respond/"' in page
    assert "Respond" in page
    assert "Breckland" in page and "Attleborough" in page
    assert "To close" in page and "Kept as a base" in page
    assert "This is a demonstration." in page


def test_a_closed_consultation_says_so_instead_of_offering_the_form(client):
    now = timezone.now()
    closed = ConsultationFactory(opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1))

    page = client.get(closed.get_absolute_url()).content.decode()

    assert "We can no longer accept responses" in page
    assert "/respond/" not in page


def test_closing_times_are_shown_in_london_time_in_summer_and_winter(client):
    summer = ConsultationFactory(
        opens_at=datetime.datetime(2018, 6, 1, 9, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2018, 9, 30, 16, 0, tzinfo=datetime.UTC),
    )
    winter = ConsultationFactory(
        opens_at=datetime.datetime(2018, 9, 17, 9, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2018, 11, 12, 23, 59, tzinfo=datetime.UTC),
    )

    assert "5:00 p.m. on Sunday 30 September 2018" in client.get(summer.get_absolute_url()).content.decode()
    assert "11:59 p.m. on Monday 12 November 2018" in client.get(winter.get_absolute_url()).content.decode()


def test_a_draft_consultation_page_is_not_found(client):
    draft = ConsultationFactory(published_at=None)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_documents_are_listed_and_an_uploaded_one_is_served(client, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}
    }
    consultation = ConsultationFactory()
    Document.objects.create(consultation=consultation, title="Full proposal", url="https://example.org/proposal")
    uploaded = Document(consultation=consultation, title="Equality impact assessment", order=2)
    uploaded.file.save("eqia.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

    page = client.get(consultation.get_absolute_url()).content.decode()
    served = client.get(f"/consultations/{consultation.slug}/documents/{uploaded.pk}/")

    assert 'href="https://example.org/proposal"' in page
    assert f"/consultations/{consultation.slug}/documents/{uploaded.pk}/" in page
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4 test"


def test_a_document_of_another_consultation_is_not_served(client):
    consultation = ConsultationFactory()
    other = ConsultationFactory()
    link = Document.objects.create(consultation=other, title="Elsewhere", url="https://example.org/")

    assert client.get(f"/consultations/{consultation.slug}/documents/{link.pk}/").status_code == 404


def test_the_body_reads_as_paragraphs_in_the_service_typography_with_markup_shown_as_text(client):
    consultation = ConsultationFactory(body="We propose changes.\r\n\r\nFirst line\nsecond line\n\n\n<b>Not bold</b>")

    page = client.get(consultation.get_absolute_url()).content.decode()

    assert '<p class="govuk-body">We propose changes.</p>' in page
    assert '<p class="govuk-body">First line<br>second line</p>' in page
    assert '<p class="govuk-body">&lt;b&gt;Not bold&lt;/b&gt;</p>' in page
