"""An analyst requests an export, watches it finish, downloads the CSV and finds the responses just made."""

import csv
import io
import signal
from pathlib import Path

import pytest

from tests.factories import ResponseFactory

from .conftest import axe_violations, sign_in
from .test_respond import IMPACT, continue_, send_and_read_reference, start

pytestmark = [pytest.mark.browser]

FORMULA = '=HYPERLINK("http://evil.example","Click me")'


def respond_as_a_resident(page, consultation) -> str:
    start(page, consultation)
    page.get_by_label("Resident", exact=True).check()
    continue_(page)
    page.get_by_label("Publish my response without my name").check()
    continue_(page)
    page.get_by_label("Disagree", exact=True).check()
    page.get_by_label("How would the changes affect you").fill(IMPACT)
    page.get_by_label("Is there anything else").fill(FORMULA)
    continue_(page)
    return send_and_read_reference(page)


def test_an_analyst_watches_an_export_finish_and_the_csv_holds_the_responses_just_made(
    transactional_db, demo_consultation, analyst, page, page_without_js, live_site
):
    earlier = ResponseFactory(consultation=demo_consultation, answers={"impact": "Sent on paper."}, channel="paper")
    reference = respond_as_a_resident(page_without_js, demo_consultation)
    sign_in(page, "ana")
    page.get_by_role("link", name="Export responses").click()
    page.get_by_role("button", name="Request an export").click()
    page.get_by_label("Consultation").select_option(label=demo_consultation.title)

    # Hold the worker for a moment, so the page shows the job waiting before it runs.
    live_site.worker.signal(signal.SIGSTOP)
    try:
        page.get_by_role("button", name="Request export").click()
        progress = page.locator("progress")
        progress.wait_for()
        assert page.locator("[data-export-status]").get_attribute("data-export-status") in ("queued", "running")
        page.evaluate("window.__samePage = true")
    finally:
        live_site.worker.signal(signal.SIGCONT)

    download_button = page.get_by_role("button", name="Download the CSV file")
    download_button.wait_for(timeout=30_000)
    # The page updated itself: no reload, the bar is gone and screen readers heard the news.
    assert page.evaluate("window.__samePage") is True
    assert progress.count() == 0
    assert page.locator("[data-export-announcement]").inner_text() == "The export is done."
    with page.expect_download() as download_info:
        download_button.click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))

    by_reference = {row["reference"]: row for row in rows}
    assert set(by_reference) == {reference, earlier.reference}
    assert by_reference[reference]["impact"] == IMPACT
    assert by_reference[reference]["proposal_agreement"].lower() == "disagree"
    # A formula comes out as text, never something a spreadsheet would run.
    assert by_reference[reference]["anything_else"] == "'" + FORMULA
    assert by_reference[earlier.reference]["channel"].lower() == "paper"
    assert "email" not in rows[0]


def test_export_pages_have_no_wcag_violations_including_their_errors(
    transactional_db, demo_consultation, analyst, axe_page, live_site
):
    page, failures = axe_page, {}

    def check(state):
        if violations := axe_violations(page):
            failures[state] = violations

    ResponseFactory(consultation=demo_consultation, answers={"impact": "Sent on paper."})
    sign_in(page, "ana")
    page.goto("/staff/exports/new/")
    check("request form")
    # The only consultation comes chosen; an analyst can still unchoose it.
    page.get_by_label("Consultation").select_option("")
    page.get_by_role("button", name="Request export").click()
    page.locator(".govuk-error-summary").wait_for()
    check("request form: nothing chosen")
    page.get_by_label("Consultation").select_option(label=demo_consultation.title)
    page.get_by_role("group", name="Sent on or after").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Sent on or after").get_by_label("Month").fill("2")
    page.get_by_role("group", name="Sent on or after").get_by_label("Year").fill("2018")
    page.get_by_role("button", name="Request export").click()
    page.locator(".govuk-error-summary").wait_for()
    check("request form: a date that does not exist")
    live_site.worker.signal(signal.SIGSTOP)
    try:
        page.get_by_role("group", name="Sent on or after").get_by_label("Day").fill("")
        page.get_by_role("group", name="Sent on or after").get_by_label("Month").fill("")
        page.get_by_role("group", name="Sent on or after").get_by_label("Year").fill("")
        page.get_by_role("button", name="Request export").click()
        page.locator("progress").wait_for()
        check("export waiting, with its progress bar")
    finally:
        live_site.worker.signal(signal.SIGCONT)
    page.get_by_role("button", name="Download the CSV file").wait_for(timeout=30_000)
    check("export done")
    page.goto("/staff/exports/")
    check("list of exports")

    assert failures == {}
