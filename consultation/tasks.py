"""Background work for consultations, sent by beat: owners' emails when one opens or closes, and each morning."""

from celery import shared_task

from .notices import lifecycle_notices_send, moderation_waiting_send


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, expires=300)
def send_lifecycle_notices() -> int:
    """Email the owners of consultations that have just opened or closed (beat, every few minutes). Idempotent."""
    return lifecycle_notices_send()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def send_moderation_counts() -> int:
    """Email each consultation's owners the number of responses waiting for moderation (beat, each morning)."""
    return moderation_waiting_send()
