"""End to end with a real Celery worker: request an export, wait for it, download it, read it.

The worker is a subprocess (tests/e2e/live.py) on the test database: PostgreSQL and Redis
when DATABASE_URL and CELERY_BROKER_URL point there (CI), the SQLite test file and the
file-system broker otherwise. It consumes a queue of its own, and this test publishes to
that queue, so no other worker (the browser tests' live worker, a `make run` worker, another
checkout's tests on the same Redis) can take the message, and no message left by another
test can reach this worker.
"""

import csv
import io
import json
import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from responses.models import Export, ExportStatus
from tests.e2e import live
from tests.factories import ResponseFactory

pytestmark = [pytest.mark.processes]


@pytest.fixture
def own_queue(monkeypatch):
    """A queue name for this test alone; this process publishes to it from now on."""
    queue = f"export-worker-{uuid.uuid4().hex[:8]}"
    # The router reads the default queue on every send, and creates the queue it does not know.
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    return queue


@pytest.fixture
def worker(transactional_db, own_queue, tmp_path_factory):
    """A Celery worker subprocess on the test database and this test's queue, stopped at the end."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DATABASE_URL": live.database_url(connection.settings_dict),
        "PRIVATE_STORAGE_OPTIONS": json.dumps({"location": django_settings.STORAGES["private"]["OPTIONS"]["location"]}),
        "CELERY_TASK_DEFAULT_QUEUE": own_queue,
        "PYTHONUNBUFFERED": "1",
    }
    logs = tmp_path_factory.mktemp("export-worker")  # not in the private storage folder (tmp_path)
    service = live.celery_worker(env=env, log_dir=logs, name="export-worker")
    yield service
    service.stop()


@pytest.mark.django_db(transaction=True)
def test_an_export_requested_on_the_page_is_built_by_a_worker_and_downloads(client, analyst, demo_consultation, worker):
    for n in range(25):
        ResponseFactory(consultation=demo_consultation, answers={"impact": f"Response {n}\nwith two lines"})
    client.force_login(analyst)
    assert Path(django_settings.STORAGES["private"]["OPTIONS"]["location"]).is_dir()

    client.post(reverse("exports:create"), {"consultation": demo_consultation.slug})
    export = Export.objects.get()

    def finished():
        export.refresh_from_db()
        return export.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    live.wait_until(finished, timeout=90, what="the export to finish", service=worker)
    assert export.status == ExportStatus.DONE, worker.log_tail()
    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk})).content.decode()
    assert "Download the CSV file" in page
    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["reference", "submitted_at"]
    impact = rows[0].index("impact")
    assert sorted(row[impact] for row in rows[1:]) == sorted(f"Response {n}\nwith two lines" for n in range(25))
