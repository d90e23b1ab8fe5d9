"""Owners hear when their consultation opens and closes, and each morning how many responses wait."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from consultation.tasks import send_lifecycle_notices, send_moderation_counts
from tests.factories import ConsultationFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def owner():
    return UserFactory(username="owner", email="owner@example.org")


def test_owners_are_told_once_when_a_consultation_opens_and_once_when_it_closes(owner):
    now = timezone.now()
    opening = ConsultationFactory(title="Libraries", opens_at=now - HOUR, closes_at=now + 100 * HOUR)
    closing = ConsultationFactory(title="Buses", opens_at=now - 100 * HOUR, closes_at=now - HOUR)
    ConsultationFactory(title="Long ago", opens_at=now - 900 * HOUR, closes_at=now - 800 * HOUR).owners.add(owner)
    opening.owners.add(owner)
    closing.owners.add(owner)

    send_lifecycle_notices()
    send_lifecycle_notices()

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == ["Now closed: Buses", "Now open: Libraries"]
    assert mail.outbox[0].to == ["owner@example.org"]
    assert f"/staff/consultations/{opening.pk}/" in next(m.body for m in mail.outbox if "Libraries" in m.subject)


def test_a_scheduled_consultation_is_not_announced_before_it_is_published(owner):
    now = timezone.now()
    hidden = ConsultationFactory(opens_at=now - HOUR, published_at=now + HOUR)
    hidden.owners.add(owner)

    send_lifecycle_notices()

    assert mail.outbox == []


def test_each_morning_owners_get_the_count_of_responses_waiting(owner):
    consultation = ConsultationFactory(title="Libraries")
    consultation.owners.add(owner)
    for state in ("pending", "pending", "flagged", "approved"):
        ResponseFactory(consultation=consultation, state=state)
    ConsultationFactory().owners.add(owner)  # nothing waiting: no email

    send_moderation_counts()

    assert [message.subject for message in mail.outbox] == ["3 responses wait for moderation: Libraries"]
