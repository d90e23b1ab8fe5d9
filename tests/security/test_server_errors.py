"""A database outage met while saving the session is the 503 page, like any other outage."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse


@pytest.fixture
def session_saves_fail(monkeypatch):
    """The database goes away between loading the session and saving it."""

    update = QuerySet.update

    def update_or_fail(queryset, **kwargs):
        if queryset.model is Session:
            raise OperationalError("server closed the connection unexpectedly")
        return update(queryset, **kwargs)

    monkeypatch.setattr(Session, "save", update_or_fail)  # a session being created
    monkeypatch.setattr(QuerySet, "update", update_or_fail)  # one being kept (config.sessions)


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
    from config.sessions import SessionStore

    client.get(reverse("responses:start", kwargs={"slug": demo_consultation.slug}))
    load = SessionStore.load

    def load_then_lose(store):
        data = load(store)
        # A concurrent sign-out (or the nightly clean-up) deletes the row while this request runs.
        Session.objects.filter(session_key=store.session_key).delete()
        return data

    monkeypatch.setattr(SessionStore, "load", load_then_lose)

    response = client.post(
        reverse("responses:who", kwargs={"slug": demo_consultation.slug}), {"respondent_type": "resident"}
    )

    assert response.status_code == 400
