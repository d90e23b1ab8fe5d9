"""Every public and staff page in a real browser: accessible to axe-core, usable at 320 px, with working scripts."""

import pytest

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def site(transactional_db, demo_consultation, moderator, analyst, manager, staff_without_role, service_admin):
    """The centres, the open demonstration consultation and one officer in each role, committed."""
    return demo_consultation


def public_paths(consultation):
    centre = consultation.centres.order_by("name").first() or _any_centre()
    return [
        "/",
        "/consultations/",
        f"/consultations/{consultation.slug}/",
        "/centres/",
        "/centres/?district=norwich&status=close",
        f"/centres/{centre.slug}/",
        "/accessibility/",
        "/privacy/",
        "/staff/sign-in/",
    ]


def _any_centre():
    from centres.models import Centre

    return Centre.objects.order_by("name").first()


def test_public_pages_have_no_wcag_violations(site, axe_page):
    failures = {}
    for path in public_paths(site):
        axe_page.goto(path)
        if violations := axe_violations(axe_page):
            failures[path] = violations

    assert failures == {}


def test_public_error_pages_have_no_wcag_violations(site, axe_page):
    failures = {}
    checks = {
        "centres filter with values that do not exist": "/centres/?district=atlantis&status=maybe&stage=99",
        "page not found": "/consultations/no-such-consultation/",
    }
    for state, path in checks.items():
        axe_page.goto(path)
        if violations := axe_violations(axe_page):
            failures[state] = violations

    axe_page.goto("/staff/sign-in/")
    axe_page.get_by_role("button", name="Sign in").click()
    axe_page.wait_for_selector(".govuk-error-summary")
    if violations := axe_violations(axe_page):
        failures["sign-in with nothing entered"] = violations

    assert failures == {}


def test_a_failed_sign_in_explains_itself_from_an_error_summary_that_takes_focus(site, page):
    page.goto("/staff/sign-in/")
    page.get_by_label("User name").fill("mod")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct user name and password" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")


@pytest.mark.parametrize("username", ["mod", "ana", "manager", "norole", "admin1"])
def test_staff_pages_have_no_wcag_violations(site, axe_page, username):
    sign_in(axe_page, username)
    failures = {}
    for link in ["/staff/", *_staff_links(axe_page)]:
        axe_page.goto(link)
        if violations := axe_violations(axe_page):
            failures[link] = violations

    assert failures == {}


def _staff_links(page) -> list[str]:
    """The staff area's own pages linked from its home page (the Django admin is not ours to restyle)."""
    page.goto("/staff/")
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if href.startswith("/staff/")]


def test_a_page_the_officer_may_not_use_says_so_accessibly(site, axe_page):
    sign_in(axe_page, "norole")

    response = axe_page.goto("/staff/moderation/")

    assert response.status == 403
    assert "You cannot see this page" in axe_page.inner_text("h1")
    assert axe_violations(axe_page) == []


def test_signing_in_and_out_takes_an_officer_to_the_staff_area_and_back_to_the_public_site(site, page, live_site):
    sign_in(page, "mod")
    assert "Signed in as mod" in page.inner_text("main")
    assert page.get_by_role("link", name="Moderate responses").is_visible()

    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url(f"{live_site.url}/")
    assert page.get_by_role("link", name="Staff area").count() == 0


def test_public_pages_fit_a_320_pixel_screen_without_sideways_scrolling(site, phone_page):
    overflowing = {}
    for path in public_paths(site):
        phone_page.goto(path)
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow:
            overflowing[path] = overflow

    assert overflowing == {}


def test_the_header_menu_opens_on_a_small_screen_with_javascript(site, phone_page):
    phone_page.goto("/")
    menu = phone_page.get_by_role("button", name="Menu")

    menu.click()

    assert menu.get_attribute("aria-expanded") == "true"
    assert phone_page.get_by_role("link", name="Children's centres", exact=True).is_visible()


def test_pages_work_with_javascript_off(site, page_without_js):
    page_without_js.goto("/centres/")
    page_without_js.get_by_label("District").select_option(label="Norwich")
    page_without_js.get_by_role("button", name="Show centres").click()

    assert "district=Norwich" in page_without_js.url
    assert "csrfmiddlewaretoken" not in page_without_js.url
    assert "Norwich" in page_without_js.get_by_label("District").input_value()
