"""Background work for the results: counting the summaries of large consultations."""

import logging

from celery import shared_task

from consultation.models import Consultation

from .counting import summaries_due, summary_count

logger = logging.getLogger(__name__)


def summary_enqueue(*, consultation_id: int) -> None:
    """Ask a worker to count a consultation's summary now; beat counts it anyway if the broker is down."""
    try:
        count_results_summary.delay(consultation_id)
    except Exception:  # noqa: BLE001 - beat's next round counts it
        logger.warning("Results of consultation %s wait for beat: the broker did not take the job", consultation_id)


@shared_task(name="results.count_summary", acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def count_results_summary(consultation_id: int) -> None:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is not None:
        summary_count(consultation)


@shared_task(name="results.refresh_summaries", acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def refresh_results_summaries() -> int:
    """Count again the summary of every consultation with RESULTS_SUMMARY_FROM responses or more."""
    ids = summaries_due()
    for consultation in Consultation.objects.filter(pk__in=ids):
        summary_count(consultation)
    return len(ids)
