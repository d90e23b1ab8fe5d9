"""The lifecycle by the clock, at every boundary, in winter (GMT) and summer (BST)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from consultation.models import Consultation, ConsultationStatus
from tests.factories import ConsultationFactory

LONDON = ZoneInfo("Europe/London")
SECOND = datetime.timedelta(seconds=1)


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


# Winter: opens and closes in GMT (London = UTC). Summer: in BST (London = UTC + 1).
SEASONS = {
    "GMT": dict(
        published_at=london(2018, 11, 1, 9, 0),
        opens_at=london(2018, 11, 5, 9, 0),
        closes_at=london(2019, 1, 7, 23, 59),
    ),
    "BST": dict(
        published_at=london(2018, 6, 1, 9, 0),
        opens_at=london(2018, 6, 4, 9, 0),
        closes_at=london(2018, 9, 17, 23, 59),
    ),
}


def make(season: str, **changes) -> Consultation:
    return Consultation(title="T", slug="t", summary="S", **(SEASONS[season] | changes))


@pytest.mark.parametrize("season", SEASONS)
def test_each_boundary_changes_the_status_at_the_exact_second(season):
    times = SEASONS[season]
    consultation = make(season)

    assert consultation.status_at(times["published_at"] - SECOND) == ConsultationStatus.SCHEDULED
    assert consultation.status_at(times["published_at"]) == ConsultationStatus.FORTHCOMING
    assert consultation.status_at(times["opens_at"] - SECOND) == ConsultationStatus.FORTHCOMING
    assert consultation.status_at(times["opens_at"]) == ConsultationStatus.OPEN
    assert consultation.status_at(times["closes_at"] - SECOND) == ConsultationStatus.OPEN
    assert consultation.status_at(times["closes_at"]) == ConsultationStatus.CLOSED


def test_london_times_are_an_hour_apart_from_utc_in_summer_only():
    assert make("BST").opens_at.astimezone(datetime.UTC).hour == 8
    assert make("GMT").opens_at.astimezone(datetime.UTC).hour == 9


@pytest.mark.parametrize("season", SEASONS)
def test_a_consultation_without_a_publication_time_is_a_draft_whatever_the_clock(season):
    consultation = make(season, published_at=None)

    for moment in SEASONS[season].values():
        assert consultation.status_at(moment) == ConsultationStatus.DRAFT


@pytest.mark.parametrize("season", SEASONS)
def test_an_outcome_date_never_closes_an_open_consultation(season):
    times = SEASONS[season]
    consultation = make(season, outcome="We decided.", outcome_published_at=times["opens_at"] + SECOND)
    during = times["opens_at"] + datetime.timedelta(days=1)

    assert consultation.status_at(during) == ConsultationStatus.OPEN
    assert not consultation.outcome_is_public_at(during)
    assert consultation.status_at(times["closes_at"]) == ConsultationStatus.OUTCOME_PUBLISHED
    assert consultation.outcome_is_public_at(times["closes_at"])


@pytest.mark.parametrize("season", SEASONS)
def test_closed_then_under_review_then_outcome_published_at_its_time(season):
    times = SEASONS[season]
    after = times["closes_at"] + datetime.timedelta(days=1)
    published = after + datetime.timedelta(days=10)
    consultation = make(season)

    assert consultation.status_at(after) == ConsultationStatus.CLOSED
    consultation.review_started_at = after
    consultation.outcome = "We kept 15 bases."
    assert consultation.status_at(after) == ConsultationStatus.UNDER_REVIEW
    assert not consultation.outcome_is_public_at(after)
    consultation.outcome_published_at = published
    assert consultation.status_at(published - SECOND) == ConsultationStatus.UNDER_REVIEW
    assert consultation.status_at(published) == ConsultationStatus.OUTCOME_PUBLISHED
    assert consultation.outcome_is_public_at(published)


@pytest.mark.django_db
def test_a_future_publication_time_hides_the_consultation_until_then(client):
    now = timezone.now()
    scheduled = ConsultationFactory(title="Not yet", published_at=now + datetime.timedelta(hours=1))

    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "Not yet" not in client.get("/consultations/").content.decode()
    assert client.get(f"/consultations/{scheduled.slug}/respond/").status_code == 404
    assert list(Consultation.objects.published(now + datetime.timedelta(hours=1))) == [scheduled]


@pytest.mark.django_db
def test_a_draft_outcome_is_not_shown_on_an_open_consultation(client):
    consultation = ConsultationFactory(outcome="Secret decision", outcome_published_at=timezone.now())

    page = client.get(consultation.get_absolute_url()).content.decode()

    assert "Secret decision" not in page
    assert "Respond" in page
