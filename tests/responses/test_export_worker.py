"""End to end with a real Celery worker: request an export, wait for it, download it, read it."""

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from consultation.celery import app as celery_app
from responses.models import Export, ExportStatus
from tests.factories import ResponseFactory

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def worker_subprocess(storage_location: Path, log: Path):
    """A worker process on the same Redis and the same (test) PostgreSQL database."""
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "PRIVATE_STORAGE_OPTIONS": json.dumps({"location": str(storage_location)}),
    }
    command = [sys.executable, "-m", "celery", "-A", "consultation", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def worker_thread():
    """A worker thread in this process (SQLite's test database lives in this process's memory)."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


@pytest.mark.django_db(transaction=True)
def test_an_export_requested_on_the_page_is_built_by_a_worker_and_downloads(
    client, analyst, demo_consultation, tmp_path, settings
):
    for n in range(25):
        ResponseFactory(consultation=demo_consultation, answers={"impact": f"Response {n}\nwith two lines"})
    celery_app.control.purge()  # messages left by earlier tests refer to rows that are gone
    client.force_login(analyst)
    location = Path(django_settings.STORAGES["private"]["OPTIONS"]["location"])
    uses_redis = settings.CELERY_BROKER_URL.startswith("redis")
    worker = worker_subprocess(location, tmp_path / "worker.log") if uses_redis else worker_thread()

    with worker:
        client.post(reverse("exports:create"), {"consultation": demo_consultation.slug})
        export = Export.objects.get()
        deadline = time.monotonic() + 90
        while export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and time.monotonic() < deadline:
            time.sleep(0.5)
            export.refresh_from_db()

    log = (tmp_path / "worker.log").read_text() if uses_redis else ""
    assert export.status == ExportStatus.DONE, log
    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk})).content.decode()
    assert "Download the CSV file" in page
    response = client.get(reverse("exports:download", kwargs={"pk": export.pk}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["reference", "submitted_at"]
    impact = rows[0].index("impact")
    assert sorted(row[impact] for row in rows[1:]) == sorted(f"Response {n}\nwith two lines" for n in range(25))
