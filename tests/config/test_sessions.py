"""The session store: Django's database sessions, written in one statement and once a request."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.sessions import SessionStore

pytestmark = pytest.mark.django_db


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].startswith("SELECT")]


def test_a_session_is_created_then_kept_with_one_update_and_read_back():
    session = SessionStore()
    session["draft"] = {"answers": "Keep Acle open"}
    session.save()
    session["draft"] = {"answers": "Keep Acle and Diss open"}

    with CaptureQueriesContext(connection) as queries:
        session.save()
        session.save()  # nothing changed since: nothing written

    assert len(writes(queries.captured_queries)) == 1
    assert writes(queries.captured_queries)[0].startswith("UPDATE")
    assert SessionStore(session.session_key)["draft"] == {"answers": "Keep Acle and Diss open"}


def test_a_change_after_a_write_is_written():
    session = SessionStore()
    session["step"] = 1
    session.save()
    session.save()
    session["step"] = 2
    session.save()

    assert SessionStore(session.session_key)["step"] == 2


def test_a_session_deleted_meanwhile_is_reported_not_recreated():
    session = SessionStore()
    session["step"] = 1
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()
    session["step"] = 2

    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()
