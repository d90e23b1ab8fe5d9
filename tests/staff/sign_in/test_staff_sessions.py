"""Staff sessions are short; a warning comes before the end; the sign-in page says why they are there."""

import datetime

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.second_factor import app_for, code_now


def sign_in(client, officer, next_url=""):
    client.post(reverse("staff:login"), {"username": officer.username, "password": "a-long-test-password"})
    return client.post(reverse("staff:two-factor"), {"code": code_now(app_for(officer)), "next": next_url})


def test_a_staff_session_lasts_the_staff_session_length_not_the_residents(client, moderator, settings):
    settings.STAFF_SESSION_SECONDS = 600
    sign_in(client, moderator)

    expiry = Session.objects.get().expire_date

    assert expiry <= timezone.now() + datetime.timedelta(seconds=600)
    assert expiry > timezone.now() + datetime.timedelta(seconds=590)


def test_after_a_session_ran_out_the_sign_in_page_says_why_and_keeps_the_page(client, moderator, settings):
    settings.STAFF_SESSION_SECONDS = 30 * 60
    queue = reverse("exports:list")
    sign_in(client, moderator)
    Session.objects.all().delete()  # what the clock does after half an hour without a request

    sent_back = client.get(queue)
    page = client.get(sent_back["Location"]).content.decode()

    assert sent_back["Location"] == f"{reverse('staff:login')}?next=/staff/exports/"
    assert "You were signed out after 30 minutes without activity" in page
    assert 'name="next" value="/staff/exports/"' in page


def test_signing_out_on_purpose_says_nothing_about_time(client, moderator):
    sign_in(client, moderator)

    client.post(reverse("staff:logout"))
    page = client.get(reverse("staff:login")).content.decode()

    assert "without activity" not in page


def test_staff_pages_carry_the_timeout_warning_and_public_pages_do_not(client, moderator, settings):
    settings.STAFF_SESSION_SECONDS = 1800
    sign_in(client, moderator)

    staff_page = client.get(reverse("moderation:home")).content.decode()
    client.post(reverse("staff:logout"))
    public_page = client.get(reverse("home")).content.decode()

    assert 'data-session-seconds="1800"' in staff_page
    assert "Stay signed in" in staff_page and "js/timeout-warning.mjs" in staff_page
    assert "Stay signed in" not in public_page


def test_stay_signed_in_renews_the_session(client, moderator):
    sign_in(client, moderator)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))

    by_script = client.post(reverse("staff:session-extend"), HTTP_X_REQUESTED_WITH="fetch")
    without_script = client.post(reverse("staff:session-extend"), {"next": "/staff/exports/"})

    assert by_script.status_code == 204
    assert without_script.url == "/staff/exports/"
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(minutes=20)


def test_stay_signed_in_after_the_end_goes_to_sign_in(client, moderator):
    sign_in(client, moderator)
    Session.objects.all().delete()

    late = client.post(reverse("staff:session-extend"), HTTP_X_REQUESTED_WITH="fetch")

    assert late.status_code == 302
    assert late["Location"].startswith(reverse("staff:login"))
