"""Background work for responses received: receipts, and letters never sent.

``response_submit`` publishes one message after its transaction commits
(``response_stored_enqueue``); the worker's ``response_stored`` then queues the receipt and
the campaign grouping as tasks of their own, so a resident's request pays for one publish,
not one for each piece of work that follows. Tasks take ids and call the worker-side functions.
"""

import datetime
import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from campaigns.tasks import campaign_enqueue
from responses.models import Response

from .letters import attachments_abandoned_delete
from .receipts import receipt_send

logger = logging.getLogger(__name__)

# Errors worth another try: the mail server or the database did not answer for a moment.
TRANSIENT_RECEIPT_ERRORS = (SMTPException, OSError, OperationalError, InterfaceError)
RECEIPT_MAX_RETRIES = 5
PENDING_RECEIPTS_BATCH = 200


def response_stored_enqueue(*, response_id: int) -> bool:
    """Queue what follows a stored response; False if the broker is down.

    Nothing is lost then: the receipt stays in the outbox (``send_pending_receipts``) and the
    response stays ungrouped until ``group_ungrouped_responses`` finds it.
    """
    try:
        response_stored.delay(response_id)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean "broker not there"
        logger.warning(
            "Broker unavailable; response %s left for send_pending_receipts and group_ungrouped_responses",
            response_id,
            exc_info=True,
        )
        return False
    return True


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def response_stored(response_id: int) -> list[str]:
    """In the worker: queue the receipt (when there is an address) and the campaign grouping."""
    email = Response.objects.filter(pk=response_id).values_list("email", flat=True).first()
    if email is None:  # erased or deleted before the worker got to it
        return []
    queued = ["grouping"] if campaign_enqueue(response_id=response_id) else []
    if email and receipt_enqueue(response_id=response_id):
        queued.append("receipt")
    return queued


def receipt_enqueue(*, response_id: int) -> bool:
    """Queue the receipt for a response; False (and the response stays in the outbox) if the broker is down."""
    try:
        send_response_receipt.delay(response_id)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean "broker not there"
        logger.warning(
            "Broker unavailable; receipt for response %s left for send_pending_receipts", response_id, exc_info=True
        )
        return False
    return True


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
        return receipt_send(response_id=response_id)
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
            sent += receipt_send(response_id=response_id)
        except TRANSIENT_RECEIPT_ERRORS:
            logger.warning("Receipt for response %s not sent; trying again later", response_id, exc_info=True)
    return sent


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def delete_abandoned_letters() -> int:
    """Delete letters uploaded on forms that were never sent (beat, hourly)."""
    older_than = datetime.timedelta(hours=settings.ABANDONED_LETTER_HOURS)
    return attachments_abandoned_delete(older_than=older_than)
