"""/healthz: whether this web process can reach the database and the broker, and a worker is alive.

The worker is alive when its heartbeat (written by a task beat sends every minute, so it
proves beat and a worker both run) is younger than WORKER_STALL_SECONDS. Before the first
heartbeat ever (a fresh install) the worker is "starting" and does not fail the check.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from upkeep.models import Heartbeat

from .celery import app as celery_app

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, STARTING, UNKNOWN = "ok", "unavailable", "starting", "unknown"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        logger.warning("Health check: database not answering", exc_info=True)
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("Health check: broker not answering", exc_info=True)
        return False


def _worker_state() -> str:
    try:
        age = Heartbeat.worker_age()
    except Exception:  # noqa: BLE001 - the database check reports the cause
        return UNKNOWN
    if age is None:
        return STARTING
    if age > datetime.timedelta(seconds=settings.WORKER_STALL_SECONDS):
        logger.warning("Health check: no worker seen for %s", age)
        return UNAVAILABLE
    return OK


@never_cache
def healthz(request):
    database = _database_ok()
    body = {
        "database": OK if database else UNAVAILABLE,
        "broker": OK if _broker_ok() else UNAVAILABLE,
        "worker": _worker_state() if database else UNKNOWN,
    }
    healthy = database and body["broker"] == OK and body["worker"] in (OK, STARTING)
    return JsonResponse({"status": OK if healthy else UNAVAILABLE} | body, status=200 if healthy else 503)
