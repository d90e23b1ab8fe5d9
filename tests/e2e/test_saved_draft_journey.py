"""A resident saves their answers, comes back by the emailed link, answers the equality page and sends."""

import re

import pytest

from .conftest import axe_violations
from .live import wait_until
from .test_respond import continue_, send_and_read_reference, start, stored

pytestmark = [pytest.mark.browser]

LINK = re.compile(r"http://127\.0\.0\.1:\d+/consultations/[\w-]+/respond/saved/[\w-]+/")


@pytest.fixture
def consultation(transactional_db, equality_consultation):
    """The demonstration consultation as it ships (with the equality page), committed for gunicorn."""
    return equality_consultation


def test_a_resident_saves_comes_back_by_the_link_and_answers_the_equality_questions(consultation, axe_page, live_site):
    page = axe_page
    start(page, consultation)
    page.get_by_label("Resident", exact=True).check()
    continue_(page)
    page.get_by_label("Email address (optional)").fill("saver@example.org")
    page.get_by_label("Publish my response without my name").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    assert page.get_by_label("What is your email address?").input_value() == "saver@example.org"
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Save and send the link").click()
    assert page.get_by_role("heading", name="Your answers are saved").is_visible()
    assert axe_violations(page) == []

    # The real worker sends the email (to its log, with the console backend).
    link = wait_until(
        lambda: LINK.search(live_site.worker.log_text()), timeout=30, what="the link", service=live_site.worker
    ).group(0)
    page.context.clear_cookies()  # as if on another device
    page.goto(link)
    assert axe_violations(page) == []
    continue_(page)

    assert page.get_by_role("heading", name="Your views").is_visible()
    page.get_by_label("Strongly disagree").check()
    page.get_by_label("How would the changes affect you").fill("Further to travel.")
    continue_(page)
    assert page.get_by_role("heading", name="Equality monitoring questions").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("35 to 44").check()
    continue_(page)
    reference = send_and_read_reference(page)

    response = stored(reference)
    assert response.email == "saver@example.org" and response.equality.age_band == "35_44"
