"""Past one machine: two web servers and two workers share one database and one broker.

The web processes and the workers keep no state of their own (sessions and jobs in the
database, files in the private storage, messages in the broker), so a council can run as
many of each as it needs. Residents send responses to both servers at once, and two exports
are asked for at once, each delivered twice as a broker may redeliver: every response is
stored once, and each export is built once, by one worker.
"""

import csv
import io
import json
import re
import threading
import uuid
from pathlib import Path

import pytest

from bench.journey import Visitor
from config.celery import app as celery_app

from .live import celery_worker, free_port, gunicorn, wait_until

pytestmark = [pytest.mark.processes]

SLUG = "norfolk-childrens-centres"
RESIDENTS_PER_SERVER = 3
RESPONSES_EACH = 4


def send_responses(base_url: str, resident: int, references: list, failures: list) -> None:
    for number in range(RESPONSES_EACH):
        visitor = Visitor(base_url)
        try:
            visitor.prepare(SLUG, impact=f"Resident {resident}, response {number}: we would lose our group.")
            status = visitor.submit(SLUG)
            reference = visitor.confirmation(SLUG)
        except Exception as error:  # noqa: BLE001 - recorded, and the test fails on it
            failures.append(repr(error))
            continue
        finally:
            visitor.close()
        if status != 302 or reference is None:
            failures.append(f"{base_url}: Send answered {status}, reference {reference}")
        else:
            references.append(reference)


def test_two_web_servers_and_two_workers_store_every_response_once_and_build_each_export_once(
    transactional_db, demo_consultation, analyst, live_env, tmp_path, services, monkeypatch
):
    from responses.exports.csv import ExportFilters
    from responses.exports.services import export_request
    from responses.exports.tasks import export_responses_csv
    from responses.models import Export, ExportStatus, Response

    queue = f"two-servers-{uuid.uuid4().hex[:8]}"
    env = live_env | {"CELERY_TASK_DEFAULT_QUEUE": queue}
    # This process publishes the export jobs: on the file-system broker, to the default folder.
    env.pop("CELERY_FILESYSTEM_DIR", None)
    servers = [f"http://127.0.0.1:{port}" for port in (free_port(), free_port())]
    for n, url in enumerate(servers):
        services.append(gunicorn(env=env, log_dir=tmp_path, port=int(url.rsplit(":", 1)[1]), name=f"web-{n}"))
    workers = [celery_worker(env=env, log_dir=tmp_path, name=f"worker-{n}") for n in (1, 2)]
    services.extend(workers)

    references, failures = [], []
    residents = [
        threading.Thread(target=send_responses, args=(url, n, references, failures))
        for url in servers
        for n in range(RESIDENTS_PER_SERVER)
    ]
    for thread in residents:
        thread.start()
    for thread in residents:
        thread.join(120)

    assert failures == []
    assert len(references) == len(servers) * RESIDENTS_PER_SERVER * RESPONSES_EACH
    assert len(set(references)) == len(references)
    assert Response.objects.count() == len(references)
    assert sorted(Response.objects.values_list("reference", flat=True)) == sorted(references)

    # Two exports at once; each job is then delivered a second time, as after a redelivery.
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    exports = [
        export_request(
            user=analyst, consultation=demo_consultation, filters=ExportFilters(), include_personal_data=False
        )
        for _ in range(2)
    ]
    for export in exports:
        export_responses_csv.delay(str(export.pk))

    def all_finished():
        return not Export.objects.filter(status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)).exists()

    wait_until(all_finished, timeout=90, what="both exports", service=workers[0])
    logs = "".join(worker.log_text() for worker in workers)
    storage = Path(json.loads(env["PRIVATE_STORAGE_OPTIONS"])["location"])
    for export in Export.objects.filter(pk__in=[e.pk for e in exports]):
        assert export.status == ExportStatus.DONE, logs[-4000:]
        # Built once: one worker claimed it; the other delivery found it taken or done.
        assert len(re.findall(rf"Export {export.pk} claimed", logs)) == 1, logs[-4000:]
        with (storage / export.file.name).open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(io.StringIO(file.read())))
        reference = rows[0].index("reference")
        assert sorted(row[reference] for row in rows[1:]) == sorted(references)
