"""Coding every response the queue's filters select, after a confirmation that shows how many."""

from django.urls import reverse

from responses.models import RespondentType
from tests.factories import ResponseFactory
from themes import services
from themes.models import Coding, CodingChange


def _responses(consultation):
    residents = ResponseFactory.create_batch(4, consultation=consultation, respondent_type=RespondentType.RESIDENT)
    parents = ResponseFactory.create_batch(3, consultation=consultation, respondent_type=RespondentType.PARENT_CARER)
    ResponseFactory(respondent_type=RespondentType.RESIDENT)  # another consultation's
    return residents, parents


def test_the_queue_links_its_filters_to_bulk_coding(client, moderator, demo_consultation, travel):
    _responses(demo_consultation)
    client.force_login(moderator)

    queue = reverse("moderation:queue", kwargs={"slug": demo_consultation.slug})
    page = client.get(queue, {"respondent_type": "resident"})

    bulk = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug})
    assert f'href="{bulk}?respondent_type=resident"' in page.content.decode()


def test_bulk_coding_codes_exactly_the_filtered_responses_with_one_record_each(
    client, moderator, demo_consultation, travel
):
    residents, parents = _responses(demo_consultation)
    services.response_code(response_id=residents[0].pk, actor=moderator, add={travel.pk})
    client.force_login(moderator)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?respondent_type=resident"

    confirm = client.get(url + f"&theme={travel.pk}&action=add").content.decode()
    assert "Code these 4 responses as Travel distance" in confirm
    assert "1 of them already has this theme" in confirm

    done = client.post(url, {"theme": str(travel.pk), "expected": "4", "action": "add"})

    assert done.status_code == 302
    assert set(Coding.objects.values_list("response_id", flat=True)) == {r.pk for r in residents}
    added = CodingChange.objects.filter(action="added", actor=moderator)
    assert sorted(added.values_list("response_id", flat=True)) == sorted(r.pk for r in residents)
    assert "3 response(s) coded as T01 Travel distance" in client.get(done["Location"]).content.decode()


def test_a_search_selects_the_same_responses_as_in_the_queue(client, analyst, demo_consultation, travel):
    bus = ResponseFactory(consultation=demo_consultation, answers={"impact": "The bus is slow"})
    ResponseFactory(consultation=demo_consultation, answers={"impact": "The staff are kind"})
    client.force_login(analyst)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?q=bus"

    client.post(url, {"theme": str(travel.pk), "expected": "1", "action": "add"})

    assert list(Coding.objects.values_list("response_id", flat=True)) == [bus.pk]


def test_when_the_matching_responses_changed_nothing_is_coded_and_the_new_count_is_shown(
    client, moderator, demo_consultation, travel
):
    _responses(demo_consultation)
    client.force_login(moderator)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?respondent_type=resident"
    ResponseFactory(consultation=demo_consultation, respondent_type=RespondentType.RESIDENT)  # arrived meanwhile

    page = client.post(url, {"theme": str(travel.pk), "expected": "4", "action": "add"})

    assert page.status_code == 409
    assert "Code these 5 responses as Travel distance" in page.content.decode()
    assert not Coding.objects.exists()


def test_bad_filters_code_nothing_and_say_so(client, moderator, demo_consultation, travel):
    _responses(demo_consultation)
    client.force_login(moderator)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?state=nonsense"

    page = client.post(url, {"theme": str(travel.pk), "expected": "7", "action": "add"})

    assert page.status_code == 400
    assert "Choose a state from the list" in page.content.decode()
    assert not Coding.objects.exists()


def test_a_theme_must_be_chosen(client, moderator, demo_consultation, travel):
    _responses(demo_consultation)
    client.force_login(moderator)

    page = client.get(reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}), {"theme": ""})

    assert "Choose a theme" in page.content.decode()
    assert "7 responses match" in page.content.decode()


def test_a_theme_is_taken_off_the_filtered_responses_with_one_record_each(client, moderator, demo_consultation, travel):
    residents, parents = _responses(demo_consultation)
    for response in [*residents[:2], parents[0]]:
        services.response_code(response_id=response.pk, actor=moderator, add={travel.pk})
    client.force_login(moderator)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?respondent_type=resident"

    confirm = client.get(url + f"&theme={travel.pk}&action=remove").content.decode()
    assert "Take Travel distance off these 2 responses" in confirm

    client.post(url, {"theme": str(travel.pk), "expected": "4", "action": "remove"})

    assert list(Coding.objects.values_list("response_id", flat=True)) == [parents[0].pk]
    removed = CodingChange.objects.filter(action="removed")
    assert sorted(removed.values_list("response_id", flat=True)) == sorted(r.pk for r in residents[:2])


def test_an_analyst_searches_on_the_bulk_page_and_reads_the_matches_before_coding(
    client, analyst, demo_consultation, travel
):
    bus = ResponseFactory(consultation=demo_consultation, answers={"impact": "The bus is slow"})
    kind = ResponseFactory(consultation=demo_consultation, answers={"impact": "The staff are kind"})
    client.force_login(analyst)

    page = client.get(reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}), {"q": "bus"}).content.decode()

    assert 'name="q"' in page
    assert "1 response matches the filters" in page
    assert bus.reference in page and "The bus is slow" in page
    assert kind.reference not in page
    assert not Coding.objects.exists()


def test_an_analyst_codes_a_whole_campaign_group_in_one_action(client, analyst, demo_consultation, travel):
    from campaigns.models import Group, Membership

    members = ResponseFactory.create_batch(3, consultation=demo_consultation)
    alone = ResponseFactory(consultation=demo_consultation)
    group = Group.objects.create(consultation=demo_consultation, code="CAMP-TEST-0001", leader=members[0])
    for response in members:
        Membership.objects.create(group=group, response=response, submitted_at=response.submitted_at)
    client.force_login(analyst)
    url = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + f"?campaign={group.code}"

    confirm = client.get(url + f"&theme={travel.pk}&action=add").content.decode()
    done = client.post(url, {"theme": str(travel.pk), "expected": "3", "action": "add"})

    assert "Code these 3 responses as Travel distance" in confirm
    assert done.status_code == 302
    assert set(Coding.objects.values_list("response_id", flat=True)) == {r.pk for r in members}
    assert not Coding.objects.filter(response=alone).exists()


def test_a_campaign_groups_page_links_to_coding_the_whole_group(client, moderator, demo_consultation, travel):
    from campaigns.models import Group, Membership

    member = ResponseFactory(consultation=demo_consultation)
    group = Group.objects.create(consultation=demo_consultation, code="CAMP-TEST-0002", leader=member)
    Membership.objects.create(group=group, response=member, submitted_at=member.submitted_at)
    client.force_login(moderator)

    page = client.get(reverse("campaigns:group", kwargs={"code": group.code})).content.decode()

    bulk = reverse("themes:bulk", kwargs={"slug": demo_consultation.slug})
    assert f'href="{bulk}?campaign={group.code}">code them all with a theme</a>' in page
