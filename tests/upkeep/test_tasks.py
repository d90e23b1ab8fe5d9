import datetime

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from upkeep.tasks import clear_expired_sessions


def session(*, expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["draft"] = {"answers": {"impact": "We would lose our group."}}
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    return store.session_key


def test_clearing_sessions_removes_the_expired_ones_and_keeps_the_rest(db):
    expired = session(expires_in=-datetime.timedelta(minutes=1))
    current = session(expires_in=datetime.timedelta(minutes=30))

    clear_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current]
    assert not SessionStore(session_key=expired).exists(expired)


def test_beat_clears_expired_sessions_every_day(settings):
    entries = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert entries["upkeep.tasks.clear_expired_sessions"] == 24 * 60 * 60
    assert entries["upkeep.tasks.worker_heartbeat"] == 60
