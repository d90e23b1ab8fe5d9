"""Sign-in throttling behind the proxy: per account and address together, and per address across accounts."""

import pytest
from django.urls import reverse

PASSWORD = "a-long-test-password"
PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _behind_a_proxy(settings):
    """The portal runs behind a proxy that adds the client's address to X-Forwarded-For."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # Dozens of sign-ins: a fast hasher keeps the test about throttling, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password, address, url="staff:login"):
    return client.post(
        reverse(url), {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
    )


def test_bad_passwords_from_one_address_do_not_lock_the_officer_out_elsewhere(client, moderator):
    for _ in range(5):
        sign_in(client, "mod", "wrong-password", "203.0.113.7")

    elsewhere = sign_in(client, "mod", PASSWORD, "198.51.100.20")

    assert elsewhere.status_code == 302
    assert elsewhere.url.startswith(reverse("staff:enrol")), "on to the second step"


def test_the_address_that_tried_bad_passwords_is_locked_out_of_that_account(client, moderator):
    for _ in range(5):
        sign_in(client, "mod", "wrong-password", "203.0.113.7")

    locked = sign_in(client, "mod", PASSWORD, "203.0.113.7")

    assert "Too many attempts to sign in" in locked.content.decode()


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself(client, moderator):
    for n in range(5):
        sign_in(client, "mod", "wrong-password", f"192.0.2.{n}, 203.0.113.7")

    locked = sign_in(client, "mod", PASSWORD, "192.0.2.99, 203.0.113.7")

    assert "Too many attempts to sign in" in locked.content.decode()


@pytest.fixture
def eight_officers(django_user_model, roles):
    """Eight staff accounts with the test password."""
    return [django_user_model.objects.create_user(f"officer{n}", password=PASSWORD) for n in range(8)]


def test_trying_passwords_on_every_account_from_one_address_is_stopped(client, eight_officers):
    pages = [
        sign_in(client, f"officer{n}", f"guess-{guess}", "203.0.113.50").content.decode()
        for guess in range(4)
        for n in range(8)
    ]

    locked_from = next(i for i, page in enumerate(pages) if "Too many attempts to sign in" in page)
    assert locked_from < 32
    assert all("Too many attempts to sign in" in page for page in pages[locked_from:])
    # Even the right password is refused from that address now, but not from another one.
    assert "Too many attempts to sign in" in sign_in(client, "officer7", PASSWORD, "203.0.113.50").content.decode()
    assert sign_in(client, "officer7", PASSWORD, "198.51.100.20").status_code == 302


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typos(client, eight_officers):
    for n in range(8):
        sign_in(client, f"officer{n}", "typo", "203.0.113.60")
        sign_in(client, f"officer{n}", "typo", "203.0.113.60")

    signed_in = sign_in(client, "officer0", PASSWORD, "203.0.113.60")

    assert signed_in.status_code == 302


def test_an_overlong_user_name_gets_the_sign_in_page_again(client, db):
    response = sign_in(client, "a" * 300, "wrong-password", "203.0.113.7")

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_admin_sign_in_hands_over_to_the_staff_sign_in(client, moderator):
    response = sign_in(client, "mod", PASSWORD, "203.0.113.7", url="admin:login")

    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:login"))
    assert "_auth_user_id" not in client.session
