"""A service administrator invites an officer by email; the link works once, for a week."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from staff.models import AccountEvent, Invitation
from staff.roles import ANALYST, MODERATOR

NEW_PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin_client(client, service_admin):
    """A service administrator, signed in with both factors."""
    client.force_login(service_admin)
    return client


def invite(client, email="j.smith@example.org", roles=(MODERATOR,)):
    data = {"email": email, "first_name": "Jo", "last_name": "Smith", "roles": list(roles)}
    return client.post(reverse("staff:invite"), data)


def link_in_email() -> str:
    return re.search(r"http://testserver(/staff/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_an_invited_officer_chooses_a_password_then_sets_up_their_app_at_first_sign_in(admin_client, client):
    sent = invite(admin_client, roles=[MODERATOR, ANALYST])
    assert sent.url == reverse("staff:accounts")
    assert mail.outbox[-1].to == ["j.smith@example.org"]
    link = link_in_email()
    admin_client.post(reverse("staff:logout"))

    page = client.get(link)
    assert "Create your staff account" in page.content.decode()
    created = client.post(link, {"username": "jsmith", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert created.url == reverse("staff:login")

    officer = get_user_model().objects.get(username="jsmith")
    assert officer.email == "j.smith@example.org" and officer.is_staff
    assert set(officer.groups.values_list("name", flat=True)) == {MODERATOR, ANALYST}
    signed_in = client.post(reverse("staff:login"), {"username": "jsmith", "password": NEW_PASSWORD})
    assert signed_in.url.startswith(reverse("staff:enrol"))


def test_an_invitation_link_works_once(admin_client, client):
    invite(admin_client)
    link = link_in_email()
    client.post(link, {"username": "jsmith", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(link)
    second_account = client.post(link, {"username": "other", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert again.status_code == 400
    assert "This invitation has been used" in again.content.decode()
    assert "This invitation has been used" in second_account.content.decode()
    assert not get_user_model().objects.filter(username="other").exists()


def test_an_expired_invitation_says_so(admin_client, client, settings):
    invite(admin_client)
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=settings.INVITATION_DAYS, seconds=1))

    page = client.get(link_in_email())

    assert page.status_code == 400
    assert "This invitation has expired" in page.content.decode()


@pytest.mark.parametrize("change", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), lambda t: "x" + t])
def test_a_tampered_invitation_link_does_not_work(admin_client, client, change):
    invite(admin_client)
    token = link_in_email().split("/")[-2]

    page = client.get(reverse("staff:invitation", args=[change(token)]))

    assert page.status_code == 400
    assert "This invitation link does not work" in page.content.decode()


def test_a_weak_or_mistyped_password_is_explained(admin_client, client):
    invite(admin_client)
    link = link_in_email()

    weak = client.post(link, {"username": "jsmith", "password1": "password", "password2": "password"})
    mistyped = client.post(link, {"username": "jsmith", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})

    assert "This password is too short" in weak.content.decode()
    assert "The two passwords are not the same" in mistyped.content.decode()
    assert not get_user_model().objects.filter(username="jsmith").exists()


def test_inviting_an_address_that_has_an_account_or_an_invitation_is_refused(admin_client, moderator):
    moderator.email = "mod@example.org"
    moderator.save()
    invite(admin_client, email="pending@example.org")

    existing = invite(admin_client, email="MOD@example.org")
    pending = invite(admin_client, email="pending@example.org")

    assert "An account with this email address already exists" in existing.content.decode()
    assert "An invitation was already sent to this email address" in pending.content.decode()
    assert Invitation.objects.count() == 1


def test_an_invitation_is_recorded_and_listed(admin_client, service_admin):
    invite(admin_client)

    event = AccountEvent.objects.get()
    listing = admin_client.get(reverse("staff:accounts")).content.decode()

    assert event.actor == service_admin and event.action == AccountEvent.Action.INVITED
    assert "j.smith@example.org" in event.detail
    assert "j.smith@example.org: sent" in listing
