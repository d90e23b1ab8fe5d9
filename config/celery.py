"""The Celery application. Tasks live in each app's tasks.py."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_ready

from .broker import kombu_patch

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
kombu_patch()

app = Celery("consultation")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in each journey's tasks.py, which autodiscovery (app packages only) would miss.
app.autodiscover_tasks(
    [
        "responses.respond",
        "responses.exports",
        "responses.retention",
        "responses.drafts",
        "responses.results",
        "responses.counts",
        "upkeep",
        "consultation",
        "campaigns",
    ]
)


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    # The local default broker keeps messages in folders, which kombu expects to exist.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_ready.connect
def _requeue_stalled_exports_on_start(sender, **kwargs):
    # A worker that starts (often one restarted after a crash) looks at once for export jobs
    # whose worker died, rather than waiting for beat's next round.
    sender.app.send_task("responses.exports.tasks.requeue_stalled_exports")
    # And groups responses that arrived, or were seeded, while no worker ran (make run's demo).
    sender.app.send_task("campaigns.tasks.group_ungrouped_responses")
