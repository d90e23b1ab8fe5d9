"""Background work for the results: counting the summaries of large consultations."""

import logging
from contextlib import contextmanager

from celery import shared_task
from django.db import connection

from consultation.models import Consultation

from .counting import summaries_due, summary_count

logger = logging.getLogger(__name__)
LOCK_SPACE = 17017  # pg advisory locks: (this number, consultation id) while its summary is counted


@contextmanager
def counting_alone(consultation_id: int):
    """True unless another worker is counting this consultation's summary now (PostgreSQL).

    At a million responses a count can outlast beat's interval; a second one beside it would
    only double the load and race to write the same slices."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, consultation_id])
        alone = cursor.fetchone()[0]
    try:
        yield alone
    finally:
        if alone:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, consultation_id])


def summary_enqueue(*, consultation_id: int) -> None:
    """Ask a worker to count a consultation's summary now; beat counts it anyway if the broker is down."""
    try:
        count_results_summary.delay(consultation_id)
    except Exception:  # noqa: BLE001 - beat's next round counts it
        logger.warning("Results of consultation %s wait for beat: the broker did not take the job", consultation_id)


@shared_task(name="results.count_summary", acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def count_results_summary(consultation_id: int) -> None:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    with counting_alone(consultation_id) as alone:
        if consultation is not None and alone:
            summary_count(consultation)


@shared_task(name="results.refresh_summaries", acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def refresh_results_summaries() -> int:
    """Count again the summary of every consultation with RESULTS_SUMMARY_FROM responses or more."""
    ids = summaries_due()
    for consultation in Consultation.objects.filter(pk__in=ids):
        with counting_alone(consultation.pk) as alone:
            if alone:
                summary_count(consultation)
            else:
                logger.info("Results of consultation %s are being counted by another worker", consultation.pk)
    return len(ids)
