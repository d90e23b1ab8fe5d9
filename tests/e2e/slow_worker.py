"""``python -m tests.e2e.slow_worker -A consultation worker …``: a Celery worker that writes exports slowly.

The fault test kills a worker in the middle of an export. A real export of a few
hundred rows takes a fraction of a second, so this worker reports progress every
25 rows and pauses after each report, which gives the test a running export to kill.
Nothing else about the worker changes.
"""

import sys
import time

from celery.signals import worker_init

PAUSE_SECONDS = 0.25


@worker_init.connect
def _write_exports_slowly(**kwargs):
    import django

    django.setup()
    from responses.services import exports

    exports.PROGRESS_EVERY = 25
    written = exports._RecordedProgress.written

    def written_slowly(self, rows: int) -> None:
        written(self, rows)
        time.sleep(PAUSE_SECONDS)

    exports._RecordedProgress.written = written_slowly


if __name__ == "__main__":
    from celery.__main__ import main

    sys.argv[0] = "celery"
    sys.exit(main())
