"""Roles given and removed, accounts deactivated, second factors reset: each recorded."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import AccountEvent
from staff.roles import ANALYST, MODERATOR, SERVICE_ADMINISTRATOR
from staff.two_factor.services import backup_codes_replace
from tests.second_factor import app_for


@pytest.fixture
def admin_client(client, service_admin):
    """A service administrator, signed in with both factors."""
    client.force_login(service_admin)
    return client


def test_roles_are_given_and_removed_with_checkboxes_and_recorded(admin_client, moderator, service_admin):
    url = reverse("staff:account-roles", args=[moderator.pk])

    saved = admin_client.post(url, {"roles": [ANALYST]}, follow=True)

    assert set(moderator.groups.values_list("name", flat=True)) == {ANALYST}
    page = saved.content.decode()
    assert "Roles saved for mod" in page
    assert "Given: Analyst. Removed: Moderator" in page
    assert AccountEvent.objects.get(account=moderator).actor == service_admin


def test_an_officer_gets_exactly_the_role_given(admin_client, staff_without_role):
    from django.test import Client

    admin_client.post(reverse("staff:account-roles", args=[staff_without_role.pk]), {"roles": [MODERATOR]})
    officer = Client()
    officer.force_login(staff_without_role)

    assert officer.get(reverse("moderation:home")).status_code == 200
    assert officer.get(reverse("exports:list")).status_code == 403


def test_an_administrator_cannot_remove_their_own_administrator_role(admin_client, service_admin):
    page = admin_client.post(reverse("staff:account-roles", args=[service_admin.pk]), {"roles": [MODERATOR]})

    assert page.status_code == 400
    assert "You cannot remove your own Service administrator role" in page.content.decode()
    assert list(service_admin.groups.values_list("name", flat=True)) == [SERVICE_ADMINISTRATOR]


def test_a_deactivated_officer_cannot_sign_in_and_is_signed_out(admin_client, moderator):
    from django.test import Client

    officer = Client()
    officer.force_login(moderator)

    done = admin_client.post(reverse("staff:account-active", args=[moderator.pk]), {"active": "false"}, follow=True)

    assert "mod is deactivated and cannot sign in" in done.content.decode()
    assert "Deactivated: cannot sign in" in done.content.decode()
    assert officer.get(reverse("moderation:home"))["Location"].startswith(reverse("staff:login"))
    refused = officer.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"})
    assert "This account has been deactivated" in refused.content.decode()

    admin_client.post(reverse("staff:account-active", args=[moderator.pk]), {"active": "true"})
    moderator.refresh_from_db()
    assert moderator.is_active
    assert list(AccountEvent.objects.filter(account=moderator).values_list("action", flat=True)) == [
        "reactivated",
        "deactivated",
    ]


def test_an_administrator_cannot_deactivate_themselves(admin_client, service_admin):
    page = admin_client.post(reverse("staff:account-active", args=[service_admin.pk]), {"active": "false"})

    assert page.status_code == 400
    assert "You cannot deactivate your own account" in page.content.decode()
    service_admin.refresh_from_db()
    assert service_admin.is_active


def test_a_reset_second_factor_is_set_up_again_at_the_next_sign_in(admin_client, moderator, client):
    from django.test import Client

    app_for(moderator)
    backup_codes_replace(user=moderator)

    admin_client.post(reverse("staff:account-two-factor-reset", args=[moderator.pk]))

    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert not StaticDevice.objects.filter(user=moderator).exists()
    officer = Client()
    signed_in = officer.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"})
    assert signed_in.url.startswith(reverse("staff:enrol"))
    page = admin_client.get(reverse("staff:account", args=[moderator.pk])).content.decode()
    assert "Second factor reset" in page
    assert "Not set up" in page


def test_a_service_administrator_cannot_change_a_superuser(admin_client, admin_user):
    page = admin_client.post(reverse("staff:account-active", args=[admin_user.pk]), {"active": "false"})

    assert page.status_code == 400
    assert "Only a superuser can change a superuser" in page.content.decode()


def test_the_staff_home_lists_the_accounts_pages_for_those_who_may(client, service_admin, moderator):
    client.force_login(service_admin)
    assert "Staff accounts" in client.get(reverse("staff:home")).content.decode()

    client.force_login(moderator)
    assert "Staff accounts" not in client.get(reverse("staff:home")).content.decode()


def test_an_account_page_shows_the_second_factor_state(admin_client, moderator):
    app_for(moderator)
    codes = backup_codes_replace(user=moderator)
    StaticDevice.objects.get(user=moderator).verify_token(codes[0])

    page = admin_client.get(reverse("staff:account", args=[moderator.pk])).content.decode()

    assert "Authenticator app set up; 9 backup codes left" in page
