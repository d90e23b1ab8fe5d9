"""Folding the rows of changes of the kept counts, sent by beat so no consultation's rows grow unread."""

from celery import shared_task

from .services import counts_fold_all


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, expires=300)
def fold_response_counts() -> int:
    """Fold the kept counts' rows of changes wherever they have grown; return how many were folded."""
    return counts_fold_all()
