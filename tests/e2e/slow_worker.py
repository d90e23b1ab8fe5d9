"""``python -m tests.e2e.slow_worker -A config worker …``: a Celery worker that stops in the middle of an export.

The fault test kills a worker in the middle of an export. A real export of a few
hundred rows takes a fraction of a second, so this worker reports progress every
25 rows and, after its first report, waits (its heartbeat thread still beating)
until it is killed. The test then knows for certain that the export is running,
with rows written, when it kills the worker: no race with an export that finishes
first, however busy the machine. Nothing else about the worker changes.

This lives in a launcher rather than a setting so that production code has no knob
that slows an export down.
"""

import sys
import threading

from celery.signals import worker_init

PROGRESS_EVERY = 25


@worker_init.connect
def _stop_after_the_first_rows(**kwargs):
    import django

    django.setup()
    from responses.exports import csv, heartbeat

    csv.PROGRESS_EVERY = PROGRESS_EVERY
    written = heartbeat.RecordedProgress.written
    never = threading.Event()

    def written_then_stuck(self, rows: int) -> None:
        written(self, rows)
        never.wait()  # until SIGKILL

    heartbeat.RecordedProgress.written = written_then_stuck


if __name__ == "__main__":
    from celery.__main__ import main

    sys.argv[0] = "celery"
    sys.exit(main())
