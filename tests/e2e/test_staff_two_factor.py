"""A new officer's first sign-in in a real browser: the password, setting up an authenticator app
from the QR code or its key, the backup codes; then signing in with a code, a backup code, and
being locked out after repeated wrong codes."""

import pytest

from tests.second_factor import app_for, code_from_key, fresh_code

from .conftest import STAFF_PASSWORD, axe_violations, sign_in

pytestmark = [pytest.mark.browser]


def password_step(page, username="mod"):
    page.goto("/staff/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.goto("/staff/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")


def enter_code(page, code):
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()


def test_a_new_officer_sets_up_an_app_then_signs_in_with_codes(transactional_db, moderator, axe_page):
    page = axe_page
    password_step(page)
    page.wait_for_url("**/staff/sign-in/set-up/**")
    assert axe_violations(page) == []
    qr_code = page.locator("main svg[role=img]").bounding_box()
    assert qr_code["width"] >= 150 and qr_code["height"] >= 150

    key = page.locator("#totp-key").inner_text()
    page.get_by_label("Code from your app").fill(code_from_key(key))
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator("[data-backup-codes] li").all_inner_texts()
    assert len(codes) == 10
    assert "Print these codes or store them" in page.inner_text("main")
    page.get_by_role("link", name="I have stored my backup codes, continue").click()
    assert "Signed in as mod" in page.inner_text("main")

    sign_out(page)
    password_step(page)
    page.wait_for_url("**/staff/sign-in/code/**")
    assert axe_violations(page) == []
    enter_code(page, "000000" if fresh_code(app_for(moderator)) != "000000" else "111111")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    enter_code(page, codes[0])
    page.wait_for_url("**/staff/")

    sign_out(page)
    password_step(page)
    enter_code(page, codes[0])
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text(), "a backup code works once"
    enter_code(page, fresh_code(app_for(moderator)))
    page.wait_for_url("**/staff/")


def test_repeated_wrong_codes_lock_the_officer_out(transactional_db, moderator, page_without_js):
    # Without JavaScript (the lockout page answers 429, which a browser's console reports as an error).
    page = page_without_js
    app_for(moderator)
    password_step(page)
    for _ in range(5):
        enter_code(page, "123456x")

    assert "Too many wrong codes" in page.locator(".govuk-error-summary").inner_text()
    enter_code(page, fresh_code(app_for(moderator)))
    assert "Too many wrong codes" in page.locator(".govuk-error-summary").inner_text()


def test_the_accounts_pages_have_no_wcag_violations(transactional_db, service_admin, moderator, axe_page):
    sign_in(axe_page, "admin1")
    failures = {}
    for path in ["/staff/accounts/", "/staff/accounts/invite/", f"/staff/accounts/{moderator.pk}/"]:
        axe_page.goto(path)
        if violations := axe_violations(axe_page):
            failures[path] = violations
    axe_page.goto("/staff/accounts/invite/")
    axe_page.get_by_role("button", name="Send invitation").click()
    assert "Enter the officer's email address" in axe_page.locator(".govuk-error-summary").inner_text()
    if violations := axe_violations(axe_page):
        failures["invitation with nothing entered"] = violations

    assert failures == {}


def test_the_timeout_warning_comes_before_the_session_ends_and_stay_signed_in_keeps_it(
    transactional_db, moderator, page
):
    page.clock.install()  # the page's own clock, moved on by the test: no waiting
    sign_in(page, "mod")
    warning = page.get_by_role("dialog", name="You are about to be signed out")
    assert not warning.is_visible()

    page.clock.run_for("28:01")

    assert warning.is_visible()
    assert "2 minutes" in warning.inner_text()
    with page.expect_response("**/staff/session/extend/") as renewed:
        warning.get_by_role("button", name="Stay signed in").click()
    assert renewed.value.status == 204
    warning.wait_for(state="hidden")
    assert page.url.endswith("/staff/")
