"""A database outage met while saving the session is the 503 page, like any other outage."""

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError
from django.urls import reverse


@pytest.fixture
def session_saves_fail(monkeypatch):
    """The database goes away between loading the session and saving it."""

    def save(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", save)


def test_a_session_that_cannot_be_saved_in_an_outage_gets_the_unavailable_page(client, demo_consultation, request):
    client.get(reverse("responses:start", kwargs={"slug": demo_consultation.slug}))
    request.getfixturevalue("session_saves_fail")

    response = client.post(
        reverse("responses:who", kwargs={"slug": demo_consultation.slug}), {"respondent_type": "resident"}
    )

    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_a_session_ended_by_another_request_is_still_a_bad_request(client, demo_consultation, monkeypatch):
    client.get(reverse("responses:start", kwargs={"slug": demo_consultation.slug}))

    def save(*args, **kwargs):
        # What Django's update says when a concurrent sign-out deleted the row.
        raise DatabaseError("Forced update did not affect any rows.")

    monkeypatch.setattr(Session, "save", save)

    response = client.post(
        reverse("responses:who", kwargs={"slug": demo_consultation.slug}), {"respondent_type": "resident"}
    )

    assert response.status_code == 400
