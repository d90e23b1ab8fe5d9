"""Background work for responses. Tasks take ids and call services; state lives in the database."""

import contextlib
import datetime
import logging
from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .models import Response
from .services import exports as export_services
from .services import submission

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the file store did not answer for a moment.
TRANSIENT_EXPORT_ERRORS = (OperationalError, InterfaceError, OSError)
EXPORT_MAX_RETRIES = 3
# Errors worth another try: the mail server or the database did not answer for a moment.
TRANSIENT_RECEIPT_ERRORS = (SMTPException, OSError, OperationalError, InterfaceError)
RECEIPT_MAX_RETRIES = 5
PENDING_RECEIPTS_BATCH = 200


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
    """Send again the export jobs whose message was lost or whose worker died.

    Beat runs it every CELERY_EXPORT_REQUEUE_SECONDS, and each worker runs it once when it
    starts (consultation/celery.py), so a worker restarted after a crash picks the job up.
    """
    return export_services.exports_requeue_stalled()


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=RECEIPT_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def send_response_receipt(self, response_id: int) -> bool:
    """Email one response's receipt. Idempotent: a receipt already sent is not sent again."""
    try:
        return submission.receipt_send(response_id=response_id)
    except TRANSIENT_RECEIPT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            # The response stays in the outbox (receipt_sent_at empty): beat tries again later.
            logger.warning("Receipt for response %s not sent after %s tries", response_id, self.request.retries + 1)
            return False
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_pending_receipts() -> int:
    """Send the receipts still due, oldest first (beat, every minute). Returns how many went out.

    This is the outbox: it catches receipts whose task could not be queued because
    the broker was down, and those whose task gave up. Sending here rather than
    queueing again keeps the queue free of duplicates; the row lock in
    ``receipt_send`` stops a receipt going out twice.
    """
    due = Response.objects.receipt_due().order_by("submitted_at", "pk").values_list("pk", flat=True)
    sent = 0
    for response_id in list(due[:PENDING_RECEIPTS_BATCH]):
        try:
            sent += submission.receipt_send(response_id=response_id)
        except TRANSIENT_RECEIPT_ERRORS:
            logger.warning("Receipt for response %s not sent; trying again later", response_id, exc_info=True)
    return sent


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def delete_abandoned_letters() -> int:
    """Delete letters uploaded on forms that were never sent (beat, hourly)."""
    older_than = datetime.timedelta(hours=settings.ABANDONED_LETTER_HOURS)
    return submission.attachments_abandoned_delete(older_than=older_than)
