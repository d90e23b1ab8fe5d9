"""Background work for the results: counting the summaries of large consultations (beat)."""

from celery import shared_task

from consultation.models import Consultation

from .counting import summaries_due, summary_count


@shared_task(name="results.refresh_summaries", acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def refresh_results_summaries() -> int:
    """Count again the summary of every consultation with RESULTS_SUMMARY_FROM responses or more."""
    ids = summaries_due()
    for consultation in Consultation.objects.filter(pk__in=ids):
        summary_count(consultation)
    return len(ids)
