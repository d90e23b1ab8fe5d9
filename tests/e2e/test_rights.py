"""A resident withdraws by the receipt's link; a senior officer finds it in the data-request and log pages."""

import pytest

from responses.rights.links import rights_path
from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def sent(transactional_db, demo_consultation, senior):
    """An approved, published response with an email address, committed."""
    return ResponseFactory(
        consultation=demo_consultation,
        email="jo@example.org",
        state="approved",
        consent="anonymous",
        answers={"proposal_agreement": "disagree", "impact": "We would lose our group."},
    )


def test_a_resident_withdraws_by_the_link_and_a_senior_officer_finds_it_in_the_staff_pages(sent, axe_page):
    page, failures = axe_page, {}

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    page.goto(rights_path(sent))
    check("the response by its link")
    page.get_by_role("link", name="Withdraw your response").click()
    check("withdrawal confirmation")
    page.get_by_role("button", name="Withdraw response").click()
    page.wait_for_selector(".govuk-error-summary")
    check("withdrawal not confirmed")
    page.get_by_label("Yes, withdraw my response").check()
    page.get_by_role("button", name="Withdraw response").click()
    assert "Your response has been withdrawn." in page.inner_text("main")
    check("withdrawn")
    page.goto(f"/consultations/{sent.consultation.slug}/published/")
    assert sent.public_reference not in page.inner_text("main")

    sign_in(page, "senior")
    staff_pages = {
        "data request": f"/staff/data-requests/?q={sent.reference}",
        "data request not understood": "/staff/data-requests/?q=someone",
        "logs": "/staff/logs/",
        "decision log": "/staff/logs/decisions/",
        "decision log with bad dates": "/staff/logs/decisions/?start=2018-09-20&end=2018-09-01",
        "download log": "/staff/logs/downloads/",
    }
    for state, path in staff_pages.items():
        page.goto(path)
        check(state)
    page.goto(f"/staff/data-requests/?q={sent.reference}")
    assert "(withdrawn)" in page.inner_text("main")

    assert failures == {}
