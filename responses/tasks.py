"""Background work for responses. Tasks take ids and call services; state lives in the database."""

import contextlib
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from .services import exports as export_services

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the file store did not answer for a moment.
TRANSIENT_EXPORT_ERRORS = (OperationalError, InterfaceError, OSError)
EXPORT_MAX_RETRIES = 3


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=EXPORT_MAX_RETRIES,
    soft_time_limit=export_services.SOFT_TIME_LIMIT,
    time_limit=export_services.HARD_TIME_LIMIT,
)
def export_responses_csv(self, export_id: str) -> None:
    """Build one export's CSV file. Idempotent: a second delivery finds the job done and stops."""
    try:
        export_services.export_build(export_id=export_id)
    except SoftTimeLimitExceeded:
        export_services.export_fail(export_id=export_id, reason=export_services.REASON_TOO_LONG)
    except TRANSIENT_EXPORT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.exception("Export %s failed after %s tries", export_id, self.request.retries + 1)
            export_services.export_fail(export_id=export_id, reason=export_services.REASON_UNAVAILABLE)
            return
        # Back to queued, so that the retry may claim the job at once.
        with contextlib.suppress(*TRANSIENT_EXPORT_ERRORS):
            export_services.export_requeue(export_id=export_id)
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    except Exception:
        logger.exception("Export %s failed", export_id)
        export_services.export_fail(export_id=export_id, reason=export_services.REASON_UNKNOWN)


@shared_task(acks_late=True)
def expire_exports() -> int:
    """Delete export files past their retention period (beat, hourly)."""
    return export_services.exports_expire()


@shared_task(acks_late=True)
def requeue_stalled_exports() -> int:
    """Send again the export jobs whose message was lost (beat, every two minutes)."""
    return export_services.exports_requeue_stalled()
