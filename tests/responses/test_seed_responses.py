"""manage.py seed_responses: realistic responses in bulk, with clear errors."""

import pytest
from django.core.management import CommandError, call_command

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
