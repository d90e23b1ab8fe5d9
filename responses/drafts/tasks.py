"""Background work for saved drafts: the email with the link, and deleting drafts past the close.

This module owns the link's enqueue: ``draft_save`` calls ``draft_link_enqueue`` after its
transaction commits. A broker that is down loses nothing: the row's empty ``link_sent_at``
is the outbox ``send_pending_draft_links`` works through (beat, every minute).
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .link import draft_link_send
from .models import SavedDraft

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (SMTPException, OSError, OperationalError, InterfaceError)
PENDING_BATCH = 200


def draft_link_enqueue(*, saved_draft_id: int) -> bool:
    """Queue the link's email; False (the draft stays in the outbox) if the broker is down."""
    try:
        send_draft_link.delay(saved_draft_id)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean "broker not there"
        logger.warning("Broker unavailable; link for saved draft %s left for beat", saved_draft_id, exc_info=True)
        return False
    return True


@shared_task(bind=True, acks_late=True, max_retries=5, soft_time_limit=60, time_limit=90)
def send_draft_link(self, saved_draft_id: int) -> bool:
    """Email one saved draft's link. Idempotent: a link already sent is not sent again."""
    try:
        return draft_link_send(saved_draft_id=saved_draft_id)
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            return False  # still in the outbox: beat tries again
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_pending_draft_links() -> int:
    """Send the links still due, oldest first (beat). Returns how many went out."""
    due = SavedDraft.objects.link_due().order_by("created_at", "pk").values_list("pk", flat=True)
    sent = 0
    for saved_draft_id in list(due[:PENDING_BATCH]):
        try:
            sent += draft_link_send(saved_draft_id=saved_draft_id)
        except TRANSIENT_ERRORS:
            logger.warning("Link for saved draft %s not sent; trying again later", saved_draft_id, exc_info=True)
    return sent


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def delete_expired_drafts() -> int:
    """Delete saved drafts, with their email addresses, once their consultation has closed (beat, hourly)."""
    deleted, _ = SavedDraft.objects.expired().delete()
    return deleted
