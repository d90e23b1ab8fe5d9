"""A resident and a parish council respond in a real browser, through gunicorn, the database and a Celery worker."""

import json
import re
from pathlib import Path

import pytest

from .conftest import axe_violations
from .live import wait_until

pytestmark = [pytest.mark.browser]

REFERENCE = re.compile(r"NCC-[0-9A-Z]{4}-[0-9A-Z]{4}")
IMPACT = "We would have to travel 12 miles to the nearest base, and we have no car."
# The smallest file the letter check accepts as a PDF.
LETTER_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def consultation(transactional_db, demo_consultation):
    """The open demonstration consultation, committed where gunicorn can read it."""
    return demo_consultation


def start(page, consultation):
    page.goto(consultation.get_absolute_url())
    page.get_by_role("button", name="Respond").or_(page.get_by_role("link", name="Respond", exact=True)).click()


def continue_(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def fill_about_a_resident(page, *, email: str):
    page.get_by_label("Full name (optional)").fill("Sam Resident")
    page.get_by_label("Email address (optional)").fill(email)
    page.get_by_label("Postcode (optional)").fill("NR1 2DH")
    page.get_by_label("Publish my response without my name").check()
    continue_(page)


def error_summary_links(page) -> list[str]:
    page.locator(".govuk-error-summary").wait_for()
    return page.locator(".govuk-error-summary__list a").all_inner_texts()


def send_and_read_reference(page) -> str:
    assert page.get_by_role("heading", name="Check your answers before sending your response").is_visible()
    page.get_by_role("button", name="Send response").click()
    page.get_by_role("heading", name="Response sent").wait_for()
    return REFERENCE.search(page.locator(".govuk-panel__body").inner_text()).group(0)


def stored(reference: str):
    from responses.models import Response

    return Response.objects.filter(reference=reference).first()


def receipt_sent(reference: str) -> bool:
    response = stored(reference)
    return response is not None and response.receipt_sent_at is not None


def test_a_resident_fixes_two_errors_from_the_error_summary_and_gets_a_reference_and_a_receipt(
    consultation, page, live_site
):
    start(page, consultation)
    page.get_by_label("Resident", exact=True).check()
    continue_(page)
    fill_about_a_resident(page, email="sam@example.org")

    continue_(page)  # nothing answered yet
    assert error_summary_links(page) == ["Question 1: select an answer", "Question 5: enter your answer"]
    assert page.title().startswith("Error:")
    # GOV.UK Frontend moves focus to the summary, then each link to its question.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.get_by_role("link", name="Question 1: select an answer").click()
    assert page.evaluate("document.activeElement.name") == "q_proposal_agreement"
    page.keyboard.press("ArrowDown")  # the arrow keys choose among radios, as a person would
    page.get_by_label("Disagree", exact=True).check()
    page.get_by_role("link", name="Question 5: enter your answer").click()
    assert page.evaluate("document.activeElement.name") == "q_impact"
    page.keyboard.type(IMPACT)
    continue_(page)

    reference = send_and_read_reference(page)

    response = stored(reference)
    assert response.answers["proposal_agreement"] == "disagree"
    assert response.answers["impact"] == IMPACT
    assert (response.respondent_type, response.name, response.postcode) == ("resident", "Sam Resident", "NR1 2DH")
    assert "We will email a receipt" in page.inner_text("main")
    # The real worker sends the receipt: the outbox is cleared and the email carries the reference.
    # The receipt is claimed (receipt_sent_at) just before the mail goes, so wait for both.
    wait_until(
        lambda: receipt_sent(reference) and reference in live_site.worker.log_text(),
        timeout=30,
        what="the receipt",
        service=live_site.worker,
    )


def test_a_resident_responds_with_javascript_off(consultation, page_without_js):
    page = page_without_js
    start(page, consultation)
    page.get_by_label("Parent or carer").check()
    continue_(page)
    page.get_by_label("Do not publish my response").check()
    continue_(page)

    continue_(page)
    assert error_summary_links(page) == ["Question 1: select an answer", "Question 5: enter your answer"]
    page.get_by_role("link", name="Question 1: select an answer").click()
    assert page.url.endswith("#id_q_proposal_agreement")
    page.get_by_label("Strongly disagree").check()
    page.get_by_label("How would the changes affect you").fill(IMPACT)
    page.get_by_label("Every week").check()
    continue_(page)
    reference = send_and_read_reference(page)

    response = stored(reference)
    assert response.answers["proposal_agreement"] == "strongly_disagree"
    assert response.answers["visit_frequency"] == "Every week"
    assert response.consent == "none"


def test_a_parish_council_responds_with_a_letter_attached(consultation, page, tmp_path, live_site):
    letter = tmp_path / "Parish council letter.pdf"
    letter.write_bytes(LETTER_PDF)
    start(page, consultation)
    page.get_by_label("Parish or town council").check()
    continue_(page)
    page.get_by_label("Name of the organisation").fill("Little Snoring Parish Council")
    page.get_by_label("Your role in the organisation").fill("Clerk to the council")
    page.get_by_label("I confirm that I have the authority").check()
    page.get_by_label("Upload a letter (optional)").set_input_files(str(letter))
    page.get_by_label("Full name (optional)").fill("Pat Clerk")
    page.get_by_label("Publish my response with my name").check()
    continue_(page)
    page.get_by_label("Strongly disagree").check()
    page.get_by_label("How would the changes affect you").fill("Families in the parish would lose their only centre.")
    continue_(page)

    assert "Parish council letter.pdf" in page.inner_text("main")
    reference = send_and_read_reference(page)

    response = stored(reference)
    assert response.respondent_type == "parish_council"
    assert response.organisation_name == "Little Snoring Parish Council"
    assert response.attachment_name == "Parish council letter.pdf"
    # The live server's private storage, where the officers' download view reads it.
    private = json.loads(live_site.env["PRIVATE_STORAGE_OPTIONS"])["location"]
    assert (Path(private) / response.attachment.name).read_bytes() == LETTER_PDF


def test_the_response_form_fits_a_320_pixel_screen(consultation, phone_page):
    start(phone_page, consultation)
    widths = {}
    for step in ("who", "about", "questions"):
        widths[step] = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if step == "who":
            phone_page.get_by_label("Resident", exact=True).check()
        elif step == "about":
            phone_page.get_by_label("Do not publish my response").check()
        continue_(phone_page)
    widths["questions with errors"] = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert widths == {"who": 0, "about": 0, "questions": 0, "questions with errors": 0}


def test_every_page_of_the_journey_has_no_wcag_violations_including_its_errors(consultation, axe_page, tmp_path):
    page, failures = axe_page, {}

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    start(page, consultation)
    continue_(page)
    check("who: nothing chosen")
    page.get_by_label("Parish or town council").check()
    continue_(page)
    check("about, organisation")
    bad_letter = tmp_path / "letter.pdf"
    bad_letter.write_bytes(b"not a pdf at all")
    page.get_by_label("Email address (optional)").fill("not an email")
    page.get_by_label("Upload a letter (optional)").set_input_files(str(bad_letter))
    continue_(page)
    assert len(error_summary_links(page)) >= 4
    check("about, organisation: five errors")
    page.goto(consultation.get_absolute_url() + "respond/who/")
    page.get_by_label("Resident", exact=True).check()
    continue_(page)
    page.get_by_label("Postcode (optional)").fill("not a postcode")
    continue_(page)
    check("about, resident: errors")
    page.get_by_label("Postcode (optional)").fill("")
    page.get_by_label("Do not publish my response").check()
    continue_(page)
    check("questions")
    continue_(page)
    check("questions: errors")
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("How would the changes affect you").fill(IMPACT)
    continue_(page)
    check("check your answers")
    send_and_read_reference(page)
    check("response sent")

    assert failures == {}
