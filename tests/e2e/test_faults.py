"""Faults on real services: Redis stops while residents send responses, a worker dies in the
middle of an export, the database goes away.

Each test starts its own gunicorn (and worker, and redis-server or TCP proxy) on
free ports, so it can break them without touching anyone else's services.
"""

import csv
import datetime
import io
import json
import subprocess
import uuid
from pathlib import Path

import pytest

from bench.journey import Visitor

from .live import BASE_DIR, BIN, TcpProxy, celery_worker, free_port, gunicorn, http_status, redis_server, wait_until

pytestmark = [pytest.mark.faults]

SLUG = "norfolk-childrens-centres"


def own_queue(env: dict) -> dict:
    return env | {"CELERY_TASK_DEFAULT_QUEUE": f"fault-{uuid.uuid4().hex[:8]}"}


def receipts_sent(references) -> bool:
    from responses.models import Response

    return Response.objects.filter(reference__in=references, receipt_sent_at__isnull=False).count() == len(references)


def test_responses_sent_while_redis_is_down_are_stored_and_confirmed_and_receipts_go_out_when_it_returns(
    transactional_db, demo_consultation, live_env, tmp_path, services
):
    from responses.models import Response

    redis_port = free_port()
    services.append(redis_server(port=redis_port, log_dir=tmp_path))
    env = own_queue(live_env) | {
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        # The outbox is retried every two seconds here, every minute in production.
        "CELERY_RECEIPT_RETRY_SECONDS": "2",
    }
    port = free_port()
    services.append(gunicorn(env=env, log_dir=tmp_path, port=port))
    worker = celery_worker(env=env, log_dir=tmp_path, beat=True)
    services.append(worker)
    residents = [Visitor(f"http://127.0.0.1:{port}") for _ in range(5)]
    for number, resident in enumerate(residents):
        resident.prepare(SLUG, impact=f"Resident {number}: we would lose our group.", email=f"r{number}@example.org")

    services[0].stop()  # Redis goes down
    assert http_status(f"http://127.0.0.1:{port}/healthz") == 503
    statuses = [resident.submit(SLUG) for resident in residents]
    references = [resident.confirmation(SLUG) for resident in residents]

    assert statuses == [302] * 5
    assert None not in references and len(set(references)) == 5
    assert Response.objects.filter(reference__in=references).count() == 5
    assert not Response.objects.filter(reference__in=references, receipt_sent_at__isnull=False).exists()

    services[0] = redis_server(port=redis_port, log_dir=tmp_path)  # Redis is back, empty
    wait_until(lambda: receipts_sent(references), timeout=90, what="the receipts after Redis returned", service=worker)
    assert all(reference in worker.log_text() for reference in references)


def export_status(export):
    export.refresh_from_db()
    return export


def enqueue_export(export, env: dict) -> None:
    """Send the export's message as the web app does, from a process on the test's own queue."""
    command = f"from responses.exports.tasks import export_enqueue; export_enqueue(export_id='{export.pk}')"
    subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", command], cwd=BASE_DIR, env=env, check=True, timeout=120
    )


def test_an_export_whose_worker_is_killed_is_finished_by_the_next_worker_with_one_file(
    transactional_db, demo_consultation, live_env, tmp_path, services
):
    """The Celery worker is killed while an export runs: a restarted worker finishes it, with one file.

    Runs on SQLite with the file-system broker (``make test``) and on PostgreSQL + Redis (CI).
    The killed worker is tests/e2e/slow_worker.py, which stops after its first 25 rows, so
    the kill always lands in the middle of the export.
    """
    from django.core.management import call_command
    from django.utils import timezone

    from responses.models import ExportStatus, Response
    from tests.factories import ExportFactory

    call_command("seed_responses", consultation=demo_consultation.slug, count=400, seed=7)
    export = ExportFactory(consultation=demo_consultation)
    # Two seconds without a heartbeat means the worker is gone (two minutes in production):
    # both workers beat every half second.
    env = own_queue(live_env) | {"EXPORT_STALL_SECONDS": "2"}
    slow = celery_worker(
        env=env, log_dir=tmp_path, name="slow-worker", launcher=[str(BIN / "python"), "-m", "tests.e2e.slow_worker"]
    )
    services.append(slow)
    enqueue_export(export, env)
    wait_until(
        lambda: export_status(export).rows_written > 0, timeout=60, what="the export to start writing", service=slow
    )
    # A worker that is busy but alive keeps its heartbeat fresh, so nobody takes its job over.
    first_beat = export.heartbeat_at
    wait_until(lambda: export_status(export).heartbeat_at > first_beat, timeout=30, what="a heartbeat", service=slow)

    slow.kill()  # SIGKILL to the whole group, mid-export: no clean shutdown, no message handed back
    assert export_status(export).status == ExportStatus.RUNNING
    assert 0 < export.rows_written < 400
    killed_attempt = export.started_at
    # Silent for longer than the stall limit: the job has lost its worker.
    wait_until(
        lambda: export_status(export).heartbeat_at < timezone.now() - datetime.timedelta(seconds=2.5),
        timeout=30,
        what="the killed worker's heartbeat to go stale",
    )

    # A worker starts again, without beat. The killed worker's message is gone (the file-system
    # broker deleted it on delivery; Redis holds it unacknowledged for its 2-hour visibility
    # timeout), so only the new worker's start-up sweep (worker_ready) can send the job again:
    # the new delivery takes the stale claim over and builds the file afresh.
    restarted = celery_worker(env=env, log_dir=tmp_path, name="restarted-worker")
    services.append(restarted)
    wait_until(
        lambda: export_status(export).status == ExportStatus.DONE,
        timeout=90,
        what="the export to finish",
        service=restarted,
    )

    assert export.started_at > killed_attempt
    folder = Path(json.loads(env["PRIVATE_STORAGE_OPTIONS"])["location"]) / "exports" / str(export.pk)
    # The finished attempt deletes the killed one's partial file just after it marks the job done.
    wait_until(
        lambda: [path.name for path in folder.iterdir()] == [Path(export.file.name).name],
        timeout=10,
        what="only the finished file left in the job's folder",
        service=restarted,
    )
    rows = list(csv.DictReader(io.StringIO((folder / Path(export.file.name).name).read_text("utf-8-sig"), newline="")))
    references = [row["reference"] for row in rows]
    assert sorted(references) == sorted(Response.objects.values_list("reference", flat=True))
    assert len(set(references)) == 400 == export.rows_written


class PostgresLink:
    """The app reaches PostgreSQL through a TCP proxy the test can cut, even in the middle of a statement."""

    can_cut_mid_statement = True

    def __init__(self, settings_dict: dict, tmp_path):
        host, port = settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)
        self.proxy = TcpProxy(port=free_port(), target=(host, port))
        user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        self.url = f"postgres://{credentials}127.0.0.1:{self.proxy.port}/{settings_dict['NAME']}"

    def cut(self):
        self.proxy.cut()

    def restore(self):
        self.proxy.restore()

    def close(self):
        self.proxy.close()


class SqliteLink:
    """The app opens the SQLite file through a symbolic link the test can point at nothing."""

    can_cut_mid_statement = False

    def __init__(self, settings_dict: dict, tmp_path):
        database = Path(settings_dict["NAME"])
        self.real, self.nowhere, self.link = database.parent, tmp_path / "nowhere", tmp_path / "database-link"
        self.link.symlink_to(self.real)
        self.url = f"sqlite:///{self.link / database.name}"

    def _point_at(self, target: Path):
        self.link.unlink()
        self.link.symlink_to(target)

    def cut(self):
        self._point_at(self.nowhere)

    def restore(self):
        self._point_at(self.real)

    def close(self):
        self.link.unlink(missing_ok=True)


@pytest.fixture
def database_link(transactional_db, tmp_path):
    """A link between the app and the test database that the test can cut and restore."""
    from django.db import connection

    kind = PostgresLink if connection.vendor == "postgresql" else SqliteLink
    link = kind(connection.settings_dict, tmp_path)
    yield link
    link.close()


def test_when_the_database_cannot_be_reached_the_site_answers_503_and_nothing_half_written_remains(
    database_link, demo_consultation, live_env, tmp_path, services
):
    from responses.models import Response

    env = own_queue(live_env) | {"DATABASE_URL": database_link.url}
    port = free_port()
    services.append(gunicorn(env=env, log_dir=tmp_path, port=port))
    resident = Visitor(f"http://127.0.0.1:{port}")
    resident.prepare(SLUG, impact="We would lose our group.")

    database_link.cut()
    page_status, _, page = resident.request("GET", f"/consultations/{SLUG}/")
    send_status, _, sent = resident.request("POST", f"/consultations/{SLUG}/respond/check/", {})
    database_link.restore()

    assert (page_status, send_status) == (503, 503)
    assert "Sorry, the service is unavailable" in page and "Sorry, the service is unavailable" in sent
    assert Response.objects.count() == 0
    if database_link.can_cut_mid_statement:
        # The link drops just as the response is being stored: the transaction goes with it.
        database_link.proxy.cut_when_client_sends(b'INSERT INTO "responses_response"')
        status = resident.submit(SLUG)
        assert database_link.proxy.tripped.is_set()
        database_link.restore()
        assert status == 503
        assert Response.objects.count() == 0

    # The database is back: sending again stores exactly one response.
    assert resident.submit(SLUG) == 302
    reference = resident.confirmation(SLUG)
    assert list(Response.objects.values_list("reference", flat=True)) == [reference]
