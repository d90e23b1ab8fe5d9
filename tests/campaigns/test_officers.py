"""What officers do with campaign groups: see, filter, decide all at once, confirm, take out, merge."""

import pytest
from django.urls import reverse

from campaigns.grouping import group_consultation
from campaigns.models import GroupAction, GroupEvent, Membership
from responses.models import Decision, State
from tests.campaigns.conftest import LETTER, respond

OUTREACH = (
    "We support the council's plan to reach more families through outreach. Many of the buildings are used by a "
    "small number of families while those who need help most never come through the door."
)


@pytest.fixture
def campaign(demo_consultation):
    """Three copies of one letter, two of another, and one response of its own."""
    letters = [respond(demo_consultation, LETTER.replace("Acle", town)) for town in ("Acle", "Diss", "Holt")]
    others = [respond(demo_consultation, OUTREACH) for _ in range(2)]
    alone = respond(demo_consultation, "My son went to the baby massage class and it made a real difference.")
    group_consultation(demo_consultation.pk)
    group = Membership.objects.get(response=letters[0]).group
    return {"letters": letters, "others": others, "alone": alone, "group": group}


def queue(client, consultation, **params):
    return client.get(reverse("moderation:queue", kwargs={"slug": consultation.slug}), params)


def references(page) -> set[str]:
    return {row["response"].reference for row in page.context["rows"]}


def test_the_queue_filters_by_campaign_and_shows_each_group_size(signed_in, demo_consultation, campaign):
    letters, others, alone = campaign["letters"], campaign["others"], campaign["alone"]
    code = campaign["group"].code

    assert references(queue(signed_in, demo_consultation, campaign="yes")) == {r.reference for r in letters + others}
    assert references(queue(signed_in, demo_consultation, campaign="no")) == {alone.reference}
    page = queue(signed_in, demo_consultation, campaign=code)
    assert references(page) == {r.reference for r in letters}
    assert f">{code}</a> (3 responses)" in page.content.decode()
    bad = queue(signed_in, demo_consultation, campaign="CAMP-NOPE")
    assert bad.status_code == 200 and "Choose a campaign from the list" in bad.content.decode()


def test_the_group_page_shows_the_shared_text_and_how_each_copy_differs(signed_in, campaign):
    page = signed_in.get(reverse("campaigns:group", kwargs={"code": campaign["group"].code}))

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["shared"].startswith("Save our children")
    assert '<del><span class="govuk-visually-hidden">left out: </span>Acle</del>' in html
    assert '<ins><span class="govuk-visually-hidden">added: </span>Diss</ins>' in html


def test_deciding_a_whole_group_writes_one_decision_for_each_response(signed_in, moderator, campaign):
    group = campaign["group"]

    signed_in.post(reverse("campaigns:decide", kwargs={"code": group.code}), {"action": "reject_spam"})

    for response in campaign["letters"]:
        response.refresh_from_db()
        assert response.state == State.REJECTED
        assert list(Decision.objects.filter(response=response).values_list("actor", "reason")) == [
            (moderator.pk, "spam")
        ]
    assert not Decision.objects.filter(response__in=campaign["others"] + [campaign["alone"]]).exists()
    assert GroupEvent.objects.get(group=group).action == GroupAction.MODERATE


def test_confirming_taking_out_and_merging_are_each_recorded_with_who_did_it(signed_in, moderator, campaign):
    group, taken_out = campaign["group"], campaign["letters"][2]
    other = Membership.objects.get(response=campaign["others"][0]).group

    signed_in.post(reverse("campaigns:confirm", kwargs={"code": group.code}))
    signed_in.post(reverse("campaigns:remove", kwargs={"code": group.code, "reference": taken_out.reference}))
    signed_in.post(reverse("campaigns:merge", kwargs={"code": group.code}), {"other": other.code})

    events = list(GroupEvent.objects.filter(group=group).values_list("action", "actor", "response", "other_group"))
    assert events == [
        (GroupAction.CONFIRM, moderator.pk, None, None),
        (GroupAction.REMOVE, moderator.pk, taken_out.pk, None),
        (GroupAction.MERGE, moderator.pk, None, other.pk),
    ]
    members = set(Membership.objects.filter(group=group).values_list("response", flat=True))
    assert members == {r.pk for r in campaign["letters"][:2] + campaign["others"]}
    # Taken out of the group, the response is still there for officers, and is not grouped again.
    assert references(queue(signed_in, group.consultation, campaign="no")) == {
        campaign["alone"].reference,
        taken_out.reference,
    }
    group_consultation(group.consultation_id)
    assert not Membership.objects.filter(response=taken_out).exists()
    page = signed_in.get(reverse("campaigns:group", kwargs={"code": group.code}))
    assert "Confirmed as one campaign by" in page.content.decode()


def test_merging_with_a_group_that_is_not_there_says_so(signed_in, campaign):
    page = signed_in.post(reverse("campaigns:merge", kwargs={"code": campaign["group"].code}), {"other": "CAMP-NOPE"})

    assert page.status_code == 400 and "Choose a group from the list" in page.content.decode()


def test_campaign_pages_need_the_moderation_permission(client, staff_without_role, campaign):
    client.force_login(staff_without_role)
    group = campaign["group"]

    assert client.get(reverse("campaigns:group", kwargs={"code": group.code})).status_code == 403
    assert client.post(reverse("campaigns:confirm", kwargs={"code": group.code})).status_code == 403
    assert client.get(reverse("campaigns:list", kwargs={"slug": group.consultation.slug})).status_code == 403
