"""An analyst builds a codebook, codes a suggestion and the queue's matches, and counts themes: axe on each page."""

import pytest

from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def bus_response(transactional_db, demo_consultation, analyst):
    """A response that mentions the bus, and one that does not, committed."""
    ResponseFactory(consultation=demo_consultation, answers={"impact": "The staff are wonderful."})
    return ResponseFactory(consultation=demo_consultation, answers={"impact": "The bus to Dereham takes an hour."})


def test_an_analyst_codes_responses_with_a_new_theme_on_accessible_pages(bus_response, demo_consultation, axe_page):
    page, slug, failures = axe_page, demo_consultation.slug, {}

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    sign_in(page, "ana")
    page.goto(f"/staff/themes/{slug}/add/")
    page.get_by_role("button", name="Save theme").click()
    page.wait_for_selector(".govuk-error-summary")
    check("add a theme, nothing entered")
    page.get_by_label("Name").fill("Travel distance")
    page.get_by_label("Search terms (optional)").fill("bus")
    page.get_by_role("button", name="Save theme").click()
    page.get_by_role("link", name="Travel distance", exact=True).click()
    check("the theme with its suggestions")

    page.get_by_role("button", name="Code as Travel distance").click()
    page.get_by_text(f"{bus_response.reference} is coded as T01 Travel distance").wait_for()
    page.goto(f"/staff/themes/{slug}/responses/{bus_response.reference}/")
    assert page.get_by_label("T01 Travel distance").is_checked()
    check("a response's themes and history")

    page.goto(f"/staff/themes/{slug}/code/")
    page.get_by_label("Theme", exact=True).select_option(label="T01 Travel distance")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Code these 2 responses as Travel distance").click()
    page.get_by_text("1 response(s) coded as T01 Travel distance").wait_for()
    page.goto(f"/staff/themes/{slug}/")
    check("the codebook")
    page.goto(f"/staff/themes/{slug}/counts/")
    assert "2 of 2 responses have at least one theme" in page.inner_text("main")
    check("the counts")

    assert failures == {}
