"""A consultation manager builds a consultation from nothing, previews, schedules it; it opens,
a resident responds, the manager is refused a change that would lose answers, closes it, and
writes and publishes its outcome (a 404 until then) with the figures frozen.
axe-core checks every builder page and its error states on the way."""

import datetime

import pytest
from django.utils import timezone

from responses.models import State
from responses.moderation.services import response_decide

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def site(transactional_db, centres, manager):
    """The centres register and a consultation manager, committed."""
    return manager


class Axe:
    """Runs axe-core on each page it is shown and keeps the failures by page."""

    def __init__(self, page):
        self.page, self.failures = page, {}

    def check(self, name: str) -> None:
        if violations := axe_violations(self.page):
            self.failures[name] = violations


def save(page, name="Save"):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def type_date(page, group: str, day: datetime.date) -> None:
    fieldset = page.get_by_role("group", name=group, exact=True)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def add_question(page, axe, text: str, kind: str, options: str = "", other: bool = False) -> None:
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill(text)
    page.get_by_label(kind, exact=True).check()
    if options:
        page.get_by_label("Options").fill(options)
    if other:
        page.get_by_label("Add “Other (please specify)” with a text box").check()
    save(page)
    assert "Question added." in page.inner_text("main"), page.inner_text("main")


def test_a_manager_builds_schedules_and_closes_a_consultation_a_resident_answers_and_publishes_its_outcome(
    site, moderator, axe_page, browser, live_site
):
    page, axe = axe_page, Axe(axe_page)
    sign_in(page, "manager")
    page.get_by_role("link", name="Build and manage consultations").click()
    axe.check("list")
    page.get_by_role("button", name="Create a consultation").click()
    axe.check("create")
    save(page)
    assert "Enter a title" in page.inner_text(".govuk-error-summary")
    axe.check("create with errors")

    today = timezone.localdate()
    page.get_by_label("Title").fill("Library opening hours")
    page.get_by_label("Summary").fill("Shorter hours in four libraries.")
    type_date(page, "Opens", today + datetime.timedelta(days=2))
    page.get_by_role("group", name="Opens", exact=True).get_by_label("Time").fill("9:00am")
    type_date(page, "Closes", today + datetime.timedelta(days=40))
    page.get_by_role("group", name="Closes", exact=True).get_by_label("Time").fill("23:59")
    page.get_by_label("Attleborough Children's Centre").check()
    save(page)
    assert "Draft" in page.inner_text("main")
    axe.check("overview")

    add_question(page, axe, "How much do you agree with the new hours?", "Agreement scale")
    add_question(page, axe, "How often do you visit?", "Single choice", "Weekly\nMonthly", other=True)
    add_question(page, axe, "What do you use the library for?", "Multiple choice", "Books\nComputers\nEvents")
    add_question(page, axe, "Which children's centre do you use?", "Centre picker")
    add_question(page, axe, "How would the new hours affect you?", "Free text")
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("Pick one")
    page.get_by_label("Single choice", exact=True).check()
    page.get_by_label("Options").fill("Yes\nyes")
    save(page)
    assert "“yes” is given twice" in page.inner_text(".govuk-error-summary")
    axe.check("question with errors")
    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Move up question 5").click()
    assert page.locator("main h3").nth(3).inner_text().endswith("How would the new hours affect you?")

    page.get_by_role("button", name="Add a document").click()
    axe.check("document")
    page.get_by_label("Title").fill("The children's centres register")
    page.get_by_label("Or give a link").fill("/centres/")
    page.get_by_label("Easy read").check()
    save(page)
    page.get_by_role("link", name="The children's centres register").click()
    axe.check("document edit")
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Edit question 1").click()
    axe.check("question edit")
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Remove question 1").click()
    axe.check("question remove")
    page.get_by_role("link", name="Keep it").click()

    page.get_by_role("link", name="Preview").click()
    assert "Preview" in page.inner_text("main") and "Library opening hours" in page.inner_text("h1")
    axe.check("preview")
    page.get_by_role("button", name="Respond").click()
    assert "My centre is not listed" in page.inner_text("main")
    axe.check("preview of the response form")
    page.get_by_role("link", name="Back to the consultation builder").first.click()

    page.get_by_role("button", name="Publish or schedule").click()
    axe.check("publish")
    page.get_by_label("At a date and time").check()
    type_date(page, "Date and time, if later", today + datetime.timedelta(days=1))
    page.get_by_role("group", name="Date and time, if later").get_by_label("Time").fill("10:00")
    save(page, "Publish")
    assert "Scheduled" in page.inner_text("main")
    from consultation.models import Consultation

    consultation = Consultation.objects.get(slug="library-opening-hours")
    # The clock moves on: it is published and open.
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        published_at=now - datetime.timedelta(minutes=2), opens_at=now - datetime.timedelta(minutes=1)
    )

    resident = browser.new_context(base_url=live_site.url).new_page()
    resident.goto(consultation.get_absolute_url())
    resident.get_by_role("button", name="Respond").click()
    resident.get_by_label("Resident", exact=True).check()
    resident.get_by_role("button", name="Continue").click()
    resident.get_by_label("Do not publish my response").check()
    resident.get_by_role("button", name="Continue").click()
    resident.get_by_label("Agree", exact=True).check()
    resident.get_by_label("Other", exact=True).check()
    resident.get_by_label("If you chose “Other”, please specify").fill("Only in the holidays")
    resident.get_by_label("Books").check()
    resident.get_by_label("My centre is not listed").check()
    resident.get_by_label("If your centre is not listed, give its name and town").fill("Sprowston, Norwich")
    resident.get_by_label("How would the new hours affect you?").fill("I could not go after work.")
    resident.get_by_role("button", name="Continue").click()
    assert "Other: Only in the holidays" in resident.inner_text("main")
    assert "My centre is not listed: Sprowston, Norwich" in resident.inner_text("main")
    resident.get_by_role("button", name="Send response").click()
    resident.get_by_role("heading", name="Response sent").wait_for()
    resident.context.close()

    page.reload()
    page.get_by_role("link", name="Edit question 2").click()
    assert "This consultation has responses" in page.inner_text("main")
    assert page.get_by_label("Export column name").is_disabled()
    page.get_by_label("Options").fill("Every week\nMonthly")
    save(page)
    assert "“Weekly” cannot be changed or removed" in page.inner_text(".govuk-error-summary")
    axe.check("locked question refused")
    page.get_by_role("link", name="Back").click()

    page.get_by_role("button", name="Close it now").click()
    page.wait_for_load_state()
    assert "Closed" in page.inner_text("main")
    axe.check("closed")
    consultation.refresh_from_db()
    assert consultation.questions.get(order=2).options == ["Weekly", "Monthly"]
    assert consultation.responses.get().answers["how_often_do_you_visit:other"] == "Only in the holidays"

    page.get_by_role("button", name="Start the review").click()
    page.wait_for_load_state()
    assert "Under review" in page.inner_text("main")
    outcome_url = f"/consultations/{consultation.slug}/outcome/"
    assert page.request.get(outcome_url).status == 404
    # A moderator approves the resident's response meanwhile (their pages have tests of their own).
    response = consultation.responses.get()
    response_decide(
        response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=response.version
    )

    page.get_by_role("button", name="Write the outcome").click()
    page.wait_for_load_state()
    axe.check("outcome")
    page.get_by_label("What people said").fill("Most people who work need the evening hours.")
    page.get_by_label("What the council decided").fill("We keep the evening hours in all four libraries.")
    page.get_by_label("How much do you agree with the new hours?", exact=True).check()
    save(page)
    assert "Outcome saved. It is not public until you publish it." in page.inner_text("main")
    axe.check("outcome saved")
    assert page.request.get(outcome_url).status == 404
    save(page, "Publish the outcome")

    assert page.url.endswith(outcome_url)
    public = page.inner_text("main")
    assert "We keep the evening hours in all four libraries." in public
    assert "We counted 1 response after checking them" in public
    chart = page.get_by_role("table", name="How much do you agree with the new hours?")
    agree = chart.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Agree", exact=True))
    assert agree.locator("td").first.inner_text() == "1"  # the resident's approved answer, frozen
    axe.check("outcome page")
    page.goto(f"/staff/consultations/{consultation.pk}/")
    assert "Outcome published" in page.inner_text("main")
    assert axe.failures == {}
