"""The resident journey with the keyboard alone: Tab, Space and Enter, with a visible focus on every stop."""

import pytest

from .test_respond import IMPACT, REFERENCE, stored

pytestmark = [pytest.mark.browser]

# The part of the page that shows an element's focus: a radio's or checkbox's circle
# and label sit in their item; everything else draws focus on itself.
FOCUS_AREA = "el => el.closest('.govuk-radios__item, .govuk-checkboxes__item') || el"


def focus_is_visible(page) -> bool:
    """True when the focused element looks different focused and unfocused."""
    area = page.evaluate_handle(f"({FOCUS_AREA})(document.activeElement)").as_element()
    focused = area.screenshot(animations="disabled")
    page.evaluate("window.__focused = document.activeElement; document.activeElement.blur()")
    unfocused = area.screenshot(animations="disabled")
    page.evaluate("window.__focused.focus()")
    return focused != unfocused


def tab_to(page, selector: str, *, limit: int = 80) -> list[str]:
    """Press Tab until the element matching selector has focus; return each stop that had no visible focus."""
    invisible = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        if not focus_is_visible(page):
            invisible.append(here)
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return invisible
    raise AssertionError(f"Tab never reached {selector}")


def test_a_resident_responds_with_only_tab_space_and_enter_seeing_the_focus_at_every_stop(
    transactional_db, demo_consultation, page
):
    invisible = []
    page.goto(demo_consultation.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    invisible += tab_to(page, "main a[href$='/respond/'], main button")
    page.keyboard.press("Enter")

    page.wait_for_url("**/respond/who/")
    invisible += tab_to(page, "input[name=respondent_type]")
    page.keyboard.press("Space")
    invisible += tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/respond/about/")
    invisible += tab_to(page, "input[name=name]")
    page.keyboard.type("Sam Resident")  # publishing with a name needs the name
    invisible += tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    invisible += tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/respond/questions/")
    invisible += tab_to(page, "input[name=q_proposal_agreement]")
    page.keyboard.press("Space")
    invisible += tab_to(page, "textarea[name=q_impact]")
    page.keyboard.type(IMPACT)
    invisible += tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/respond/check/")
    invisible += tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Response sent").wait_for()
    reference = REFERENCE.search(page.locator(".govuk-panel__body").inner_text()).group(0)
    response = stored(reference)
    assert (response.respondent_type, response.consent, response.name) == ("parent_carer", "named", "Sam Resident")
    assert response.answers["proposal_agreement"] == "strongly_agree"
    assert response.answers["impact"] == IMPACT
    assert invisible == []
