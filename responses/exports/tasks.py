"""Background work for exports. Tasks take ids and call build.py; the Export row holds the state.

This module owns the job's enqueue: the request side (services.py) calls ``export_enqueue``.
"""

import contextlib
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from . import build, mail

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the file store did not answer for a moment.
TRANSIENT_EXPORT_ERRORS = (OperationalError, InterfaceError, OSError)
# Seconds before each retry: a database that fails over or restarts is usually back within
# seconds, and an analyst is waiting for the file.
EXPORT_RETRY_COUNTDOWNS = (5, 15, 45)
EXPORT_MAX_RETRIES = len(EXPORT_RETRY_COUNTDOWNS)


def export_enqueue(*, export_id) -> bool:
    """Send the job to the broker. If the broker is down, log it: the beat task sends it later."""
    try:
        export_responses_csv.delay(str(export_id))
    except Exception:  # noqa: BLE001 - any broker failure leaves the job queued for requeue
        logger.warning("Export %s stays queued: the broker did not take it", export_id, exc_info=True)
        return False
    return True


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=EXPORT_MAX_RETRIES,
    soft_time_limit=build.SOFT_TIME_LIMIT,
    time_limit=build.HARD_TIME_LIMIT,
)
def export_responses_csv(self, export_id: str) -> None:
    """Build one export's CSV file. Idempotent: a second delivery finds the job done and stops."""
    try:
        if self.request.retries:
            # The attempt before this one failed; if the database was still down then, it could
            # not put the job back in the queue, and the job would look busy until it stalled.
            build.export_requeue(export_id=export_id)
        export = build.export_build(export_id=export_id)
    except SoftTimeLimitExceeded:
        build.export_fail(export_id=export_id, reason=build.REASON_TOO_LONG)
    except TRANSIENT_EXPORT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.exception("Export %s failed after %s tries", export_id, self.request.retries + 1)
            build.export_fail(export_id=export_id, reason=build.REASON_UNAVAILABLE)
            return
        # Back to queued, so that the retry may claim the job at once.
        with contextlib.suppress(*TRANSIENT_EXPORT_ERRORS):
            build.export_requeue(export_id=export_id)
        countdown = EXPORT_RETRY_COUNTDOWNS[self.request.retries]
        raise self.retry(exc=error, countdown=countdown) from error
    except Exception:
        logger.exception("Export %s failed", export_id)
        build.export_fail(export_id=export_id, reason=build.REASON_UNKNOWN)
    else:
        if export is not None:
            _ready_email_send(export.pk)


def _ready_email_send(export_id) -> None:
    # The file is finished whatever the mail server does: an email not sent stays in the
    # outbox (ready_email_sent_at empty) for send_pending_export_emails.
    try:
        mail.export_ready_send(export_id=export_id)
    except Exception:  # noqa: BLE001 - SMTP, socket or database: the outbox tries again
        logger.warning("Export %s is ready; its email waits in the outbox", export_id, exc_info=True)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_pending_export_emails() -> int:
    """Send the "your export is ready" emails still due (beat, every minute). Returns how many went out."""
    sent = 0
    for export_id in list(mail.exports_ready_unannounced().order_by("finished_at").values_list("pk", flat=True)[:200]):
        try:
            sent += mail.export_ready_send(export_id=export_id)
        except Exception:  # noqa: BLE001 - tried again at the next sweep
            logger.warning("Email for export %s not sent; trying again later", export_id, exc_info=True)
    return sent


@shared_task(acks_late=True)
def expire_exports() -> int:
    """Delete export files past their retention period (beat, hourly)."""
    return build.exports_expire()


@shared_task(acks_late=True)
def requeue_stalled_exports() -> int:
    """Send again the export jobs whose message was lost or whose worker died.

    Beat runs it every CELERY_EXPORT_REQUEUE_SECONDS, and each worker runs it once when it
    starts (config/celery.py), so a worker restarted after a crash picks the job up.
    """
    return sum(export_enqueue(export_id=export_id) for export_id in build.exports_stalled())
