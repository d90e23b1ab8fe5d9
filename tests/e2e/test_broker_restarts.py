"""Redis restarts again and again while residents send responses: the worker lives through every one.

The test starts its own redis-server, gunicorn, Celery worker and beat on free ports, so it can
stop and start Redis without touching anyone else's services.
"""

import email
import json
import os
import re
import threading
import time
import urllib.request
import uuid

import pytest

from bench.journey import Visitor

from .live import BIN, Service, free_port, gunicorn, redis_server, wait_until

pytestmark = [pytest.mark.faults]

SLUG = "norfolk-childrens-centres"
RESTARTS = 20


def production_worker(*, env: dict, log_dir) -> Service:
    """A worker started as docs/deploy.md starts it: two processes, gossip, mingle and heartbeats on."""
    args = [
        *(str(BIN / "celery"), "-A", "config", "worker", "--concurrency=2", "--loglevel=INFO"),
        f"--hostname=restarts-{os.getpid()}@%h",
        f"--queues={env['CELERY_TASK_DEFAULT_QUEUE']}",
    ]
    service = Service("worker", args, env=env, log_dir=log_dir).start()
    wait_until(lambda: " ready." in service.log_text(), timeout=60, what="the Celery worker", service=service)
    return service


def beat(*, env: dict, log_dir) -> Service:
    """Celery beat as its own process, as in production (docs/deploy.md)."""
    args = [str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO", f"--schedule={log_dir / 'beat-schedule'}"]
    return Service("beat", args, env=env, log_dir=log_dir).start()


class Residents:
    """Residents who keep sending responses with an email address until told to stop."""

    def __init__(self, base_url: str, *, count: int):
        self.base_url, self.count = base_url, count
        self.references: list[str] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._respond, args=(n,), daemon=True) for n in range(count)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _respond(self, number: int) -> None:
        while not self._stop.is_set():
            resident = Visitor(self.base_url)
            email = f"r{number}-{uuid.uuid4().hex[:6]}@example.org"
            try:
                resident.prepare(SLUG, impact="We would lose our group.", email=email)
                status = resident.submit(SLUG)
                reference = resident.confirmation(SLUG)
            except Exception as error:  # noqa: BLE001 - recorded, and the test fails on it
                self.failures.append(repr(error))
                continue
            finally:
                resident.close()
            if status != 302 or reference is None:
                self.failures.append(f"Send answered {status}, reference {reference}")
            else:
                self.references.append(reference)


def http_body(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def task_in_hand(worker: Service, *, timeout: float = 5) -> bool:
    """Wait (a few seconds at most) until the worker has received a task it has not finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = worker.log_text()
        if log.count("] received") > log.count("] succeeded"):
            return True
        time.sleep(0.05)
    return False


def receipts_in(mail_dir) -> list[str]:
    """The reference in the subject of each email the worker wrote to the mail folder."""
    references = []
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        # The file backend separates messages with a line of 79 dashes.
        for text in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if text.strip():
                subject = " ".join(email.message_from_string(text)["Subject"].split())
                references += re.findall(r"reference ([A-Z]+-[0-9A-Z]{4}-[0-9A-Z]{4})$", subject)
    return references


def test_the_worker_survives_twenty_redis_restarts_and_every_receipt_goes_out_once(
    transactional_db, demo_consultation, live_env, tmp_path, services
):
    from responses.models import Response

    redis_port = free_port()
    redis = redis_server(port=redis_port, log_dir=tmp_path)
    services.append(redis)
    mail_dir = tmp_path / "mail"
    env = live_env | {
        "CELERY_TASK_DEFAULT_QUEUE": f"restarts-{uuid.uuid4().hex[:8]}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        # The outbox is retried every two seconds here, every minute in production.
        "CELERY_RECEIPT_RETRY_SECONDS": "2",
        "EMAIL_BACKEND": "tests.e2e.slow_mail.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # Beat's heartbeat every second here, every minute in production.
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALL_SECONDS": "10",
    }
    port = free_port()
    services.append(gunicorn(env=env, log_dir=tmp_path, port=port))
    worker = production_worker(env=env, log_dir=tmp_path)
    services.append(worker)
    services.append(beat(env=env, log_dir=tmp_path))

    with Residents(f"http://127.0.0.1:{port}", count=2) as residents:
        for restart in range(1, RESTARTS + 1):
            # Redis goes while the worker has a receipt in hand (not yet acknowledged), as under load.
            task_in_hand(worker)
            redis.stop()
            time.sleep(0.5)
            redis = redis_server(port=redis_port, log_dir=tmp_path)
            services.append(redis)
            # Alive and consuming again: a task finished after this restart (the heartbeat, a receipt).
            since = len(worker.log_text())
            wait_until(
                lambda since=since: "] succeeded in" in worker.log_text()[since:],
                timeout=30,
                what=f"the worker to run a task after restart {restart}",
                service=worker,
            )
        time.sleep(1)
    assert worker.running, worker.log_tail()
    assert "Unrecoverable error" not in worker.log_text()

    assert residents.failures == []
    references = residents.references
    assert len(references) > RESTARTS
    assert Response.objects.filter(reference__in=references).count() == len(references)
    wait_until(
        lambda: not Response.objects.filter(reference__in=references, receipt_sent_at__isnull=True).exists(),
        timeout=90,
        what="every receipt",
        service=worker,
    )
    # A receipt is claimed (receipt_sent_at) just before the mail server takes it.
    wait_until(lambda: len(receipts_in(mail_dir)) >= len(references), timeout=30, what="every email", service=worker)
    sent = receipts_in(mail_dir)
    assert sorted(sent) == sorted(references)
    # The worker and beat are both alive, and /healthz says so.
    assert json.loads(http_body(f"http://127.0.0.1:{port}/healthz"))["worker"] == "ok"
