"""The builder and the outcome: the way to write it, and a reopened consultation's outcome waits."""

import datetime

import pytest
from django.utils import timezone

from consultation.builder.services import consultation_review_start, consultation_update
from outcome.models import Outcome
from outcome.services import outcome_publish
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def closed():
    now = timezone.now()
    return ConsultationFactory(opens_at=now - 30 * DAY, closes_at=now - DAY, title="Library opening hours")


def publish_outcome(consultation, manager) -> None:
    outcome = Outcome.objects.create(
        consultation=consultation, themes="Evenings matter.", decision="We keep the evening hours."
    )
    outcome_publish(outcome=outcome, user=manager)


def test_under_review_the_builder_links_to_writing_the_outcome(client, manager, closed):
    client.force_login(manager)
    consultation_review_start(consultation=closed, by=manager)

    page = client.get(f"/staff/consultations/{closed.pk}/").content.decode()

    assert "Write the outcome" in page and f'href="/staff/outcomes/{closed.slug}/"' in page


def test_once_published_the_builder_links_to_the_outcome_page_and_to_changing_it(client, manager, closed):
    client.force_login(manager)
    publish_outcome(closed, manager)

    page = client.get(f"/staff/consultations/{closed.pk}/").content.decode()

    assert "Outcome published" in page and "Change the outcome" in page
    assert f'href="/consultations/{closed.slug}/outcome/"' in page


def test_a_consultation_reopened_after_its_outcome_hides_the_outcome_until_it_closes_again(client, manager, closed):
    publish_outcome(closed, manager)
    assert client.get(f"/consultations/{closed.slug}/outcome/").status_code == 200

    consultation_update(consultation=closed, by=manager, closes_at=timezone.now() + 7 * DAY)
    public = client.get(f"/consultations/{closed.slug}/").content.decode()

    assert client.get(f"/consultations/{closed.slug}/outcome/").status_code == 404
    assert "We asked, you said, we did" not in public and "We keep the evening hours." not in public
