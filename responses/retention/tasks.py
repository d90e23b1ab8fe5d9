"""Background work for retention: the daily erasure of personal data past the retention period."""

from celery import shared_task

from .services import personal_data_purge


@shared_task(acks_late=True, soft_time_limit=50 * 60, time_limit=55 * 60)
def purge_personal_data() -> int:
    """Erase personal data past PERSONAL_DATA_RETENTION_DAYS (beat, daily). Idempotent."""
    return personal_data_purge()
