"""A moderator signs in, rejects spam, redacts and approves a response, and finds it on the public page."""

import pytest

from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]

NAME = "Mrs Olive Jones"
HEARTFELT = f"{NAME} runs the stay and play group at our centre; without it my son would have no friends."
SPAM = "Cheap watches at www.example.com/watches, buy now!!!"


@pytest.fixture
def two_responses(transactional_db, demo_consultation, moderator):
    """A heartfelt response and a spam one, waiting for a decision, committed."""
    heartfelt = ResponseFactory(
        consultation=demo_consultation,
        respondent_type="parent_carer",
        consent="anonymous",
        answers={"proposal_agreement": "strongly_disagree", "impact": HEARTFELT},
    )
    spam = ResponseFactory(
        consultation=demo_consultation,
        respondent_type="resident",
        consent="anonymous",
        answers={"proposal_agreement": "agree", "impact": SPAM},
    )
    return heartfelt, spam


def open_response(page, consultation, reference):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff area").click()
    main = page.get_by_role("main")
    main.get_by_role("link", name="Moderate responses").click()
    main.get_by_role("link", name=consultation.title).click()
    main.get_by_role("link", name=reference).click()
    page.get_by_role("heading", name=f"Response {reference}").wait_for()


def save_decision(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save decision").click()


def test_a_moderator_rejects_spam_redacts_and_approves_another_and_finds_it_published(
    two_responses, demo_consultation, page
):
    heartfelt, spam = two_responses
    sign_in(page, "mod")

    open_response(page, demo_consultation, spam.reference)
    page.get_by_label("Reject").check()
    page.get_by_label("Spam").check()
    save_decision(page)
    assert "Rejected" in page.locator("main").inner_text()

    open_response(page, demo_consultation, heartfelt.reference)
    assert HEARTFELT in page.locator("main").inner_text()
    page.get_by_label("Text to redact").fill(NAME)
    page.get_by_label("Reason").fill("A person's name")
    with page.expect_navigation():
        page.get_by_role("button", name="Redact this text").click()
    assert page.locator("mark.council-redacted").inner_text().endswith(NAME)
    page.get_by_label("Approve").check()
    save_decision(page)
    assert "Approved" in page.locator("main").inner_text()

    page.get_by_role("link", name="published responses page").click()
    public = page.locator("main").inner_text()
    assert heartfelt.public_reference in public
    assert "[redacted] runs the stay and play group" in public
    assert NAME not in public
    assert spam.public_reference not in public and SPAM not in public
    heartfelt.refresh_from_db()
    spam.refresh_from_db()
    assert (heartfelt.state, spam.state) == ("approved", "rejected")
    assert list(spam.decisions.values_list("reason", flat=True)) == ["spam"]


def test_moderation_pages_have_no_wcag_violations_including_their_errors(two_responses, demo_consultation, axe_page):
    page, failures = axe_page, {}
    heartfelt, _ = two_responses

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    sign_in(page, "mod")
    page.goto("/staff/moderation/")
    check("moderation home")
    page.get_by_role("link", name=demo_consultation.title).click()
    check("queue")
    page.goto(page.url + "?state=bogus&date_from=yesterday")
    check("queue: filter errors")
    page.goto(page.url.split("?")[0])
    page.get_by_role("link", name=heartfelt.reference).click()
    check("response")
    save_decision(page)
    check("response: no decision chosen")
    page.get_by_label("Reject").check()
    save_decision(page)
    check("response: rejection without a reason")
    with page.expect_navigation():
        page.get_by_role("button", name="Redact this text").click()
    check("response: redaction without text or reason")
    page.goto(f"/staff/moderation/consultations/{demo_consultation.slug}/enter/")
    check("enter a paper response")
    with page.expect_navigation():
        page.get_by_role("button", name="Enter the response").click()
    check("enter a paper response: nothing entered")
    page.goto(f"/consultations/{demo_consultation.slug}/published/")
    check("published responses")
    page.goto(f"/consultations/{demo_consultation.slug}/published/?respondent_type=nobody")
    check("published responses: filter error")

    assert failures == {}
