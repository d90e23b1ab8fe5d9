import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from responses.models import Erasure, Response
from responses.retention.tasks import purge_personal_data
from tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def closed_days_ago(days: int):
    closed = timezone.now() - datetime.timedelta(days=days)
    return ConsultationFactory(opens_at=closed - datetime.timedelta(days=56), closes_at=closed)


def respondent(consultation, **extra):
    personal = {"name": "Sam Resident", "email": "sam@example.org", "postcode": "NR1 2DH"}
    answers = {"impact": "We would have to travel 20 miles."}
    return ResponseFactory(consultation=consultation, answers=answers, **(personal | extra))


def with_letter(response):
    response.attachment.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    response.attachment_name = "Council letter.pdf"
    response.save()
    return response


def test_personal_data_are_erased_once_the_retention_period_after_closing_has_passed(
    settings, django_capture_on_commit_callbacks
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 730
    old = with_letter(respondent(closed_days_ago(731)))
    letter = old.attachment.name
    storage = old.attachment.storage

    with django_capture_on_commit_callbacks(execute=True):
        erased = purge_personal_data()

    old.refresh_from_db()
    assert erased == 1
    assert (old.name, old.email, old.postcode, old.attachment.name, old.attachment_name) == ("", "", "", "", "")
    assert old.answers == {"impact": "We would have to travel 20 miles."}
    assert not storage.exists(letter)
    erasure = Erasure.objects.get(response=old)
    assert erasure.fields == ["name", "email", "postcode", "attachment"]
    assert erasure.erased_by is None and erasure.reason == "Retention period ended"


def test_responses_still_within_the_retention_period_are_kept_whole(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 730
    recent = respondent(closed_days_ago(729))
    still_open = respondent(ConsultationFactory())

    assert purge_personal_data() == 0

    for response in (recent, still_open):
        response.refresh_from_db()
        assert (response.name, response.email, response.postcode) == ("Sam Resident", "sam@example.org", "NR1 2DH")
    assert not Erasure.objects.exists()


def test_the_retention_period_comes_from_settings(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    response = respondent(closed_days_ago(31))

    purge_personal_data()

    response.refresh_from_db()
    assert response.email == ""


def test_erasing_twice_erases_and_records_once():
    respondent(closed_days_ago(800))

    assert purge_personal_data() == 1
    assert purge_personal_data() == 0
    assert Erasure.objects.count() == 1


def test_a_response_that_gave_no_personal_data_is_not_recorded_as_erased():
    ResponseFactory(consultation=closed_days_ago(800))

    assert purge_personal_data() == 0
    assert not Erasure.objects.exists()


def test_the_dry_run_lists_what_would_be_erased_and_changes_nothing(capsys):
    due = respondent(closed_days_ago(800), email="")
    kept = respondent(closed_days_ago(10))

    call_command("purge_personal_data", "--dry-run")

    out = capsys.readouterr().out
    assert f"{due.consultation.slug}  {due.reference}  name, postcode" in out
    assert kept.reference not in out
    assert "Dry run: 1 response(s) would be erased. Nothing was changed." in out
    due.refresh_from_db()
    assert due.name == "Sam Resident" and not Erasure.objects.exists()


def test_the_command_erases_without_the_dry_run(capsys):
    due = respondent(closed_days_ago(800))

    call_command("purge_personal_data")

    assert "Erased the personal data of 1 response(s)." in capsys.readouterr().out
    assert Response.objects.get(pk=due.pk).name == ""


def test_the_privacy_notice_states_the_controller_s_lawful_basis_retention_and_contact(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    settings.CONTACT_EMAIL = "haveyoursay@council.example"
    settings.POSTAL_ADDRESS = ["Freepost CONSULT", "Norwich", "NR1 2DH"]

    page = client.get(reverse("privacy")).content.decode()

    assert "public task" in page
    assert "365 days after the consultation closes" in page
    assert "haveyoursay@council.example" in page
    assert "Freepost CONSULT<br>Norwich<br>NR1 2DH" in page


def test_the_accessibility_statement_gives_its_status_last_test_and_postal_address(client, settings):
    settings.ACCESSIBILITY_LAST_TESTED = datetime.date(2026, 11, 30)
    settings.POSTAL_ADDRESS = ["Consultations team", "County Hall", "NR1 2DH"]

    page = client.get(reverse("accessibility")).content.decode()

    assert "This service is partially compliant" in page
    assert "last tested on 30 November 2026" in page
    assert "paper response by post to the address below" in page
    assert "Consultations team<br>County Hall<br>NR1 2DH" in page
