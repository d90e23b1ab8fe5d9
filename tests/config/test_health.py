import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_healthz_reports_ok_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


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
