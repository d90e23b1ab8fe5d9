"""manage.py seed_responses: realistic responses in bulk, with clear errors."""

import pytest
from django.core.management import CommandError, call_command

from responses.management.commands import seed_responses
from responses.models import ORGANISATION_TYPES, Response


def test_seed_creates_the_responses_asked_for_with_a_spread_of_answers(demo_consultation):
    call_command("seed_responses", consultation=demo_consultation.slug, count=300, seed=7, verbosity=0)

    responses = Response.objects.filter(consultation=demo_consultation)
    assert responses.count() == 300
    assert len(set(responses.values_list("reference", flat=True))) == 300
    assert responses.filter(respondent_type__in=ORGANISATION_TYPES).exclude(organisation_name="").exists()
    assert len(set(responses.values_list("respondent_type", flat=True))) >= 5
    assert len(set(responses.values_list("state", flat=True))) >= 3
    assert responses.filter(answers__impact__startswith="Save our children's centres!").count() >= 20
    with_centres = responses.filter(centres__isnull=False).distinct().first()
    assert sorted(with_centres.answers["centres_you_use"]) == sorted(
        with_centres.centres.values_list("slug", flat=True)
    )
    # Seeded respondents are never sent receipts.
    assert not responses.receipt_due().exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"consultation": "no-such-consultation", "count": 5}, 'No consultation has the slug "no-such-consultation"'),
        ({"count": 0}, "--count must be a whole number above 0"),
        ({"count": -3}, "--count must be a whole number above 0"),
    ],
)
def test_seed_refuses_unknown_consultations_and_counts_below_one(demo_consultation, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_responses", **({"consultation": demo_consultation.slug} | options))

    assert not Response.objects.exists()


def _seeded(consultation) -> list[tuple]:
    responses = Response.objects.filter(consultation=consultation).order_by("id")
    return list(responses.values_list("reference", "respondent_type", "name", "postcode", "answers", "state"))


def test_the_same_seed_gives_the_same_responses(demo_consultation, monkeypatch):
    monkeypatch.setattr(seed_responses, "BATCH", 40)  # several batches, made while the last is written
    call_command("seed_responses", consultation=demo_consultation.slug, count=250, seed=11, verbosity=0)
    first = _seeded(demo_consultation)
    Response.objects.all().delete()

    call_command("seed_responses", consultation=demo_consultation.slug, count=250, seed=11, verbosity=0)

    assert _seeded(demo_consultation) == first
    assert len({answers.get("impact") for *_, answers, _ in first}) > 100


def test_seeding_again_with_the_same_seed_adds_the_full_count_of_new_responses(demo_consultation):
    call_command("seed_responses", consultation=demo_consultation.slug, count=120, seed=4, verbosity=0)
    first = {reference for reference, *_ in _seeded(demo_consultation)}

    call_command("seed_responses", consultation=demo_consultation.slug, count=150, seed=4, verbosity=0)

    references = {reference for reference, *_ in _seeded(demo_consultation)}
    assert len(references) == 270 and first < references
