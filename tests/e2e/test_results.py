"""The results, a centre's results and the outcome in a real browser: accessible to axe-core."""

import datetime

import pytest
from django.utils import timezone

from responses.models import RespondentType, State
from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def closed_with_outcome(transactional_db, demo_consultation, analyst):
    from campaigns.models import Group, Membership
    from outcome.models import Outcome
    from outcome.services import outcome_publish
    from themes.services import responses_code_bulk, theme_create

    now = timezone.now()
    demo_consultation.opens_at, demo_consultation.closes_at = now - datetime.timedelta(days=9), now
    demo_consultation.save()
    centre = demo_consultation.centres.order_by("name").first()
    made = []
    for i, answer in enumerate(["strongly_disagree"] * 6 + ["agree", "neither"]):
        made.append(
            ResponseFactory(
                consultation=demo_consultation,
                state=State.APPROVED,
                respondent_type=RespondentType.VOLUNTARY if i == 0 else RespondentType.PARENT_CARER,
                answers={"proposal_agreement": answer, "services_used": ["Parenting courses"]},
                centres=[centre],
            )
        )
    # The results page's Campaigns and Themes sections have something to show.
    group = Group.objects.create(consultation=demo_consultation, code="CAMP1", leader=made[0])
    Membership.objects.bulk_create(
        Membership(response=response, group=group, submitted_at=response.submitted_at) for response in made[:6]
    )
    theme = theme_create(consultation=demo_consultation, name="Travel", actor=analyst)
    responses_code_bulk(theme_id=theme.pk, responses=demo_consultation.responses.all(), actor=analyst)
    outcome = Outcome.objects.create(
        consultation=demo_consultation,
        themes="People worried about travel.",
        decision="The council kept 15 bases.",
        charts=["respondent-type", "q-proposal_agreement"],
    )
    outcome_publish(outcome=outcome, user=None)
    return demo_consultation, centre


def test_results_centre_and_outcome_pages_have_no_wcag_violations(closed_with_outcome, axe_page):
    consultation, centre = closed_with_outcome
    sign_in(axe_page, "ana")
    failures = {}
    for path in (
        f"/staff/results/{consultation.slug}/",
        f"/staff/results/{consultation.slug}/centres/{centre.slug}/",
        f"/consultations/{consultation.slug}/outcome/",
    ):
        axe_page.goto(path)
        assert axe_page.locator("svg[role=img] title").count() > 0
        if violations := axe_violations(axe_page):
            failures[path] = violations

    assert failures == {}
