import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone


def record_worker_heartbeat(*, seconds_ago: float) -> None:
    from upkeep.models import Heartbeat

    Heartbeat.objects.update_or_create(
        name=Heartbeat.WORKER, defaults={"seen_at": timezone.now() - datetime.timedelta(seconds=seconds_ago)}
    )


def test_healthz_reports_ok_when_database_and_broker_answer_and_a_worker_was_seen_lately(client, db):
    record_worker_heartbeat(seconds_ago=61)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}


def test_healthz_answers_503_when_no_worker_was_seen_for_five_minutes(client, db, settings):
    settings.WORKER_STALL_SECONDS = 300
    record_worker_heartbeat(seconds_ago=301)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "ok", "worker": "unavailable"}


def test_healthz_says_starting_before_any_worker_ever_beat(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker"] == "starting"


def test_the_heartbeat_task_marks_the_worker_alive(client, db):
    from upkeep.tasks import worker_heartbeat

    record_worker_heartbeat(seconds_ago=3600)
    assert client.get("/healthz").status_code == 503

    worker_heartbeat()

    assert client.get("/healthz").json()["worker"] == "ok"


def test_healthz_answers_503_when_the_broker_is_unreachable(client, db, settings):
    # Nothing listens on port 1, so the broker cannot be reached.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from config import health

    monkeypatch.setattr(health, "_database_ok", lambda: False)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_deploy_check_warns_when_production_runs_on_sqlite_and_eager_tasks(settings):
    settings.DATABASES = settings.DATABASES | {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
    settings.CELERY_TASK_ALWAYS_EAGER = True

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "database")

    assert "config.W001" in str(raised.value)
    assert "config.W002" in str(raised.value)


def test_factories_make_an_open_consultation_with_a_pending_response(db):
    from tests.factories import ResponseFactory

    response = ResponseFactory(answers={"impact": "We would lose our group."})

    assert response.consultation.is_open
    assert response.state == "pending"
    assert response.reference.startswith("NCC-")
