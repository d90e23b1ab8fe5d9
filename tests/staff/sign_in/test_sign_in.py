"""Signing in: the password, then a code from the authenticator app or a backup code."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from staff.two_factor.services import backup_codes_replace
from tests.second_factor import app_for, code_from_key, code_now, fresh_code

PASSWORD = "a-long-test-password"


def password_step(client, username="mod", next_url=""):
    data = {"username": username, "password": PASSWORD} | ({"next": next_url} if next_url else {})
    return client.post(reverse("staff:login"), data)


def enter_code(client, code, next_url=""):
    url = reverse("staff:two-factor") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"code": code, "next": next_url})


@pytest.fixture
def app(moderator):
    """The moderator's authenticator app, set up earlier."""
    return app_for(moderator)


def test_the_password_leads_to_the_code_page_then_to_the_page_asked_for(client, app):
    wanted = reverse("moderation:home")

    after_password = password_step(client, next_url=wanted)
    assert after_password.url.startswith(reverse("staff:two-factor"))
    assert client.get(wanted)["Location"].startswith(reverse("staff:two-factor")), "no staff page before the code"

    after_code = enter_code(client, code_now(app), next_url=wanted)

    assert after_code.url == wanted
    assert client.get(wanted).status_code == 200


def test_a_wrong_code_is_explained(client, app):
    password_step(client)

    page = enter_code(client, "000000" if code_now(app) != "000000" else "111111")

    assert "The code is not right" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    assert client.get(reverse("staff:home")).status_code == 302


def test_a_code_used_once_cannot_be_used_again(client, app):
    code = code_now(app)
    password_step(client)
    enter_code(client, code)
    client.post(reverse("staff:logout"))

    password_step(client)
    page = enter_code(client, code)

    assert "That code has been used already" in page.content.decode()


def test_repeated_wrong_codes_lock_the_second_step(client, app, settings):
    password_step(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert enter_code(client, "12345x").status_code == 200

    locked = enter_code(client, "12345x")
    right_code_too_late = enter_code(client, fresh_code(app))

    assert locked.status_code == 429
    assert "Too many wrong codes" in locked.content.decode()
    assert "Too many wrong codes" in right_code_too_late.content.decode()
    assert client.get(reverse("staff:home")).status_code == 302


def test_a_backup_code_works_once(client, moderator, app):
    code = backup_codes_replace(user=moderator)[0]
    password_step(client)

    assert enter_code(client, code.upper()).url == reverse("staff:home")
    client.post(reverse("staff:logout"))
    password_step(client)
    again = enter_code(client, code)

    assert "The code is not right" in again.content.decode()
    assert StaticDevice.objects.get(user=moderator).token_set.count() == 9


def test_a_new_officer_sets_up_an_app_and_gets_ten_backup_codes_once(client, moderator):
    after_password = password_step(client)
    assert after_password.url.startswith(reverse("staff:enrol"))

    page = client.get(after_password.url).content.decode()
    assert re.search(r"<svg[^>]*role=\"img\"", page), "a QR code drawn on the server"
    key = re.search(r'id="totp-key"><code>([A-Z2-7 ]+)</code>', page).group(1)
    assert len(key.split()) > 4, "the key in groups of four"

    confirmed = client.post(reverse("staff:enrol"), {"code": code_from_key(key)})
    codes_page = client.get(confirmed.url).content.decode()

    assert "Print these codes or store them" in codes_page
    assert len(re.findall(r"<li><code>[a-z2-7]+</code></li>", codes_page)) == 10
    assert "<code>" not in client.get(confirmed.url, follow=True).content.decode(), "shown once"
    assert client.get(reverse("moderation:home")).status_code == 200


def test_a_wrong_code_while_setting_up_is_explained(client, moderator):
    password_step(client)

    page = client.post(reverse("staff:enrol"), {"code": "12 34 56"})

    assert "The code is not right" in page.content.decode()
    assert 'id="totp-key"' in page.content.decode(), "the same key is shown again"


def test_the_qr_code_passes_the_content_security_policy(client, moderator):
    password_step(client)
    page = client.get(reverse("staff:enrol"))
    svg = re.search(r"<svg.*?</svg>", page.content.decode(), re.S).group(0)

    assert "style" not in svg and "script" not in svg
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]


def test_an_officer_with_an_app_cannot_set_up_another_without_its_code(client, app):
    password_step(client)

    assert client.get(reverse("staff:enrol")).url.startswith(reverse("staff:two-factor"))


def test_an_officer_signs_in_and_lands_on_the_page_they_asked_for(client, app):
    wanted = reverse("exports:list")

    password_step(client, next_url=wanted)
    response = enter_code(client, code_now(app), next_url=wanted)

    assert response.status_code == 302
    assert response.url == wanted
