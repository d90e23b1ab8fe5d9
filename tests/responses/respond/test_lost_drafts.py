"""Residents' sessions last long enough to finish; a draft lost all the same is said to be lost."""

import pytest

from responses.models import Response

from .journey import ABOUT_YOU, INDIVIDUAL, fill_in, send, url

pytestmark = pytest.mark.django_db


def test_a_residents_session_lasts_a_day_and_outlives_closing_the_browser(client, demo_consultation, settings):
    settings.RESIDENT_SESSION_SECONDS = 24 * 60 * 60

    client.get(url(demo_consultation, "start"))
    client.post(url(demo_consultation, "who"), INDIVIDUAL)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 24 * 60 * 60  # a cookie with an age is kept when the browser closes
    assert client.session.get_expiry_age() == 24 * 60 * 60


def test_a_signed_in_officer_keeps_the_short_staff_session_on_the_public_form(client, demo_consultation, moderator):
    client.force_login(moderator)

    client.get(url(demo_consultation, "start"))

    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 60 * 60


def test_opening_the_check_page_after_the_session_ended_says_the_answers_were_not_kept(client, demo_consultation):
    page = client.get(url(demo_consultation, "check"))

    text = page.content.decode()
    assert page.status_code == 200 and "your answers were not kept" in text
    assert "24 hours" in text  # and why
    assert url(demo_consultation, "start") + "?new=1" in text  # a way to start again


def test_sending_after_the_session_ended_stores_nothing_and_says_why(client, demo_consultation):
    fill_in(client, demo_consultation)
    client.session.flush()  # the session ended while the check page was open
    client.cookies.clear()

    sent = send(client, demo_consultation)

    assert "your answers were not kept" in sent.content.decode()
    assert Response.objects.count() == 0


def test_posting_about_you_after_the_session_ended_says_the_answers_were_not_kept(client, demo_consultation):
    page = client.post(url(demo_consultation, "about"), ABOUT_YOU)

    assert "your answers were not kept" in page.content.decode()
    assert page.status_code == 200  # not silently sent to the first page
