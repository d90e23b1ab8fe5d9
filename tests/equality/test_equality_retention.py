"""Equality answers are personal data: the retention purge erases them and --dry-run lists them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from equality.models import EqualityAnswers
from responses.models import Erasure
from responses.retention.tasks import purge_personal_data
from tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def closed_days_ago(days: int):
    closed = timezone.now() - datetime.timedelta(days=days)
    return ConsultationFactory(opens_at=closed - datetime.timedelta(days=56), closes_at=closed)


def test_the_purge_erases_equality_answers_and_records_it(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 730
    # No name or email: the equality answers alone make it due.
    old = ResponseFactory(consultation=closed_days_ago(731), answers={"impact": "Far to travel."})
    EqualityAnswers.objects.create(response=old, sex="female")
    recent = ResponseFactory(consultation=closed_days_ago(10))
    EqualityAnswers.objects.create(response=recent, sex="male")

    assert purge_personal_data() == 1

    assert list(EqualityAnswers.objects.values_list("response", flat=True)) == [recent.pk]
    assert Erasure.objects.get(response=old).fields == ["equality"]
    old.refresh_from_db()
    assert old.answers == {"impact": "Far to travel."}  # the anonymous answers stay


def test_the_dry_run_lists_equality_answers_and_changes_nothing(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 730
    old = ResponseFactory(consultation=closed_days_ago(731), email="sam@example.org")
    EqualityAnswers.objects.create(response=old, religion="none")
    out = io.StringIO()

    call_command("purge_personal_data", "--dry-run", stdout=out)

    assert f"{old.reference}  email, equality" in out.getvalue()
    assert EqualityAnswers.objects.count() == 1
