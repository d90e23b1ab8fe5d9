"""A moderator finds a campaign group from the queue, reads how its letters differ and approves them all."""

import pytest

from campaigns.grouping import group_consultation
from campaigns.models import Membership
from tests.campaigns.conftest import LETTER
from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def letters(transactional_db, demo_consultation, moderator):
    """Three copies of one campaign letter, grouped, committed."""
    responses = [
        ResponseFactory(consultation=demo_consultation, answers={"impact": LETTER.replace("Acle", town)})
        for town in ("Acle", "Diss", "Holt")
    ]
    group_consultation(demo_consultation.pk)
    return responses


def test_a_moderator_approves_a_campaign_group_from_its_page_and_every_page_passes_axe(
    letters, demo_consultation, axe_page
):
    page, failures = axe_page, {}
    code = Membership.objects.get(response=letters[0]).group.code

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    sign_in(page, "mod")
    page.goto(f"/staff/moderation/consultations/{demo_consultation.slug}/?campaign=yes")
    check("queue: in a campaign")
    page.get_by_role("link", name="See the campaign groups").click()
    check("campaign groups")
    page.get_by_role("link", name=code).click()
    page.get_by_role("heading", name=code).wait_for()
    check("campaign group")
    with page.expect_navigation():
        page.get_by_role("button", name="Save decision").click()
    check("campaign group: no decision chosen")
    page.get_by_label("Approve them all").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save decision").click()

    assert "3 response(s) approved" in page.get_by_role("main").inner_text()
    assert failures == {}
