"""The moderation queue filtered to one campaign group: its responses, in the queue's order, page by page.

The filter reads the group's memberships (their copy of each response's submitted_at) rather
than the responses; these tests hold it to showing exactly what the responses themselves say,
however the group was made or changed."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.grouping import group_consultation, group_response
from campaigns.models import Membership
from responses.moderation import queue
from responses.moderation.forms import queue_filters
from tests.campaigns.conftest import LETTER, respond

TOWNS = ("Acle", "Diss", "Holt", "Wells", "Loddon", "Aylsham", "Cromer")
OTHER = (
    "We support the council's plan to reach more families through outreach. Many of the buildings are used by a "
    "small number of families while those who need help most never come through the door."
)
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def letters(consultation, text=LETTER, towns=TOWNS):
    """Copies of a letter whose times do not follow the order they were stored in; two share an instant."""
    minutes = [50, 10, 30, 30, 5, 40, 20]
    return [
        respond(consultation, text.replace("Acle", town), submitted_at=START + datetime.timedelta(minutes=minutes[n]))
        for n, town in enumerate(towns)
    ]


def queue_order(responses, *, newest_first=True) -> list[int]:
    """The queue's order, worked out from the responses alone: (submitted_at, id)."""
    ordered = sorted(responses, key=lambda r: (r.submitted_at, r.pk))
    return [r.pk for r in (reversed(ordered) if newest_first else ordered)]


def walk(consultation, code, *, newest_first=True, size=2) -> list[list[int]]:
    """Every page of the queue filtered to the group ``code``, by next links; then checks the previous links."""
    data = {"campaign": code} | ({} if newest_first else {"sort": "oldest"})

    def page(**cursor):
        filters = queue_filters(data, consultation.responses.all(), centres=[], campaigns=[(code, code)])
        assert filters.is_valid(), filters.form.errors
        return queue.keyset_page(filters.qs, size=size, newest_first=newest_first, **cursor)

    pages = [page()]
    while pages[-1].next_cursor and len(pages) < 10:  # a bound, should paging go wrong
        pages.append(page(after=pages[-1].next_cursor))
    back = [pages[-1]]
    while back[-1].previous_cursor and len(back) < 10:
        back.append(page(before=back[-1].previous_cursor))
    forward = [[r.pk for r in p.rows] for p in pages]
    assert [[r.pk for r in p.rows] for p in reversed(back)] == forward
    return forward


def shown(consultation, code, **kwargs) -> list[int]:
    return [pk for page in walk(consultation, code, **kwargs) for pk in page]


def assert_copies_match():
    for membership in Membership.objects.select_related("response"):
        assert membership.submitted_at == membership.response.submitted_at


def code_of(response) -> str:
    return Membership.objects.get(response=response).group.code


@pytest.mark.parametrize("newest_first", [True, False])
def test_a_group_made_by_the_consultation_wide_grouping_pages_in_the_queue_order(demo_consultation, newest_first):
    made = letters(demo_consultation)
    respond(demo_consultation, "My son went to the baby massage class and it made a real difference.")
    group_consultation(demo_consultation.pk)

    pages = walk(demo_consultation, code_of(made[0]), newest_first=newest_first)

    assert [pk for page in pages for pk in page] == queue_order(made, newest_first=newest_first)
    assert len(pages) == 4
    assert_copies_match()


def test_a_group_made_as_each_response_arrives_pages_in_the_queue_order(demo_consultation):
    made = letters(demo_consultation)
    for response in made:  # what the task does with each new response
        group_response(response.pk)

    assert shown(demo_consultation, code_of(made[0])) == queue_order(made)
    assert_copies_match()


def test_after_an_officer_takes_a_response_out_and_merges_groups_the_queue_follows(demo_consultation, moderator):
    made = letters(demo_consultation)
    others = letters(demo_consultation, OTHER.replace("outreach", "Acle outreach"), towns=TOWNS[:3])
    group_consultation(demo_consultation.pk)
    group, other = Membership.objects.get(response=made[0]).group, Membership.objects.get(response=others[0]).group
    assert group != other

    services.group_remove_response(group_id=group.pk, response_id=made[3].pk, actor=moderator)
    assert shown(demo_consultation, group.code) == queue_order(made[:3] + made[4:])

    services.groups_merge(group_id=group.pk, other_code=other.code, actor=moderator)
    assert shown(demo_consultation, group.code) == queue_order(made[:3] + made[4:] + others)
    assert shown(demo_consultation, other.code) == []
    assert_copies_match()


def test_the_queue_page_shows_the_group_newest_first(signed_in, demo_consultation):
    made = letters(demo_consultation)
    group_consultation(demo_consultation.pk)

    page = signed_in.get(
        reverse("moderation:queue", kwargs={"slug": demo_consultation.slug}), {"campaign": code_of(made[0])}
    )

    assert [row["response"].pk for row in page.context["rows"]] == queue_order(made)
    assert page.context["page"].next_cursor is None
