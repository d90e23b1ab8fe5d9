"""Which responses are grouped as one campaign, and that every way of grouping agrees."""

import pytest
from django.core.management import call_command

from campaigns.grouping import group_consultation, group_response
from campaigns.models import BandKey, Fingerprint, Group, Membership
from campaigns.seed_texts import quotation
from tests.campaigns.conftest import LETTER, respond


def grouped_together(*responses) -> bool:
    groups = {Membership.objects.filter(response=r).values_list("group_id", flat=True).first() for r in responses}
    return len(groups) == 1 and None not in groups


@pytest.mark.parametrize(
    "copy",
    [
        LETTER.replace("Acle Children's Centre", "Dereham Children's Centre"),  # a changed name or town
        LETTER.replace("vulnerable", "vulnerible").replace("families", "famillies"),  # typos
        LETTER + " My son was born early and the staff helped us through the first year.",  # a sentence added
        # sentences moved about
        "Keep our centres open. Closing 46 of 53 centres will hurt the most vulnerable children in Norfolk. "
        "Save our children's centres! Acle Children's Centre is a lifeline for families in our area.",
        LETTER.upper().replace("!", "").replace(". ", ".\n\n  "),  # case, spacing and punctuation
        LETTER.replace("Acle", "Holt").replace("Norfolk", "Norfolk,") + " Thank you. #SaveNorfolkCentres",
    ],
)
def test_copies_of_a_letter_with_the_edits_people_make_are_grouped(demo_consultation, copy):
    first, second = respond(demo_consultation, LETTER), respond(demo_consultation, copy)

    group_consultation(demo_consultation.pk)

    assert grouped_together(first, second)


def test_different_answers_quoting_the_same_passage_of_the_consultation_paper_are_not_grouped(demo_consultation):
    quote = quotation(demo_consultation.body)
    first = respond(
        demo_consultation,
        f'You write: "{quote}" My daughter has speech delay and the Tuesday sessions helped her to talk.',
    )
    second = respond(
        demo_consultation,
        f'"{quote}" That sounds fine on paper, but the bus from Loddon to the nearest base takes an hour.',
    )

    group_consultation(demo_consultation.pk)

    assert not Membership.objects.filter(response__in=[first, second]).exists()


def test_different_letters_and_answers_shorter_than_a_sentence_are_not_grouped(demo_consultation):
    responses = [respond(demo_consultation, "Keep it open.") for _ in range(3)]
    responses.append(respond(demo_consultation, LETTER))
    responses.append(
        respond(
            demo_consultation,
            "We support the council's plan to reach more families through outreach. Many of the buildings are used "
            "by a small number of families while those who need help most never come through the door.",
        )
    )

    group_consultation(demo_consultation.pk)

    assert not Membership.objects.exists()


def test_grouping_a_consultation_again_changes_nothing(demo_consultation):
    for town in ("Acle", "Diss", "Holt", "Watton"):
        respond(demo_consultation, LETTER.replace("Acle", town))
    respond(demo_consultation, "Keep it open.")
    assert group_consultation(demo_consultation.pk) == 5
    before = sorted(Membership.objects.values_list("response_id", "group__code"))

    call_command("group_campaigns", consultation=demo_consultation.slug, verbosity=0)

    assert sorted(Membership.objects.values_list("response_id", "group__code")) == before
    assert Group.objects.count() == 1 and Fingerprint.objects.count() == 5


def _partition():
    return sorted(Membership.objects.values_list("response__reference", "group__code"))


def test_grouping_each_response_as_it_arrives_agrees_with_grouping_them_all_at_once(demo_consultation):
    texts = [LETTER.replace("Acle", town) for town in ("Acle", "Diss", "Holt")]
    texts += [LETTER + " Please think again.", "Keep it open.", quotation(demo_consultation.body) + " No way."]
    texts += ["We support the council's plan to reach more families through outreach, and the home visits."] * 2
    responses = [respond(demo_consultation, text) for text in texts]

    for response in responses:
        group_response(response.pk)
    one_by_one = _partition()
    for model in (BandKey, Membership, Group, Fingerprint):
        model.objects.all().delete()
    group_consultation(demo_consultation.pk)

    assert _partition() == one_by_one
    assert {code for _, code in one_by_one} == {
        Group.objects.get(leader=responses[0]).code,
        Group.objects.get(leader=responses[6]).code,
    }
    assert len(one_by_one) == 6


def test_a_response_grouped_twice_by_the_task_is_grouped_once(demo_consultation):
    first, second = respond(demo_consultation, LETTER), respond(demo_consultation, LETTER)
    group_response(first.pk)

    assert group_response(second.pk) == group_response(second.pk)
    assert Membership.objects.count() == 2 and Fingerprint.objects.count() == 2
