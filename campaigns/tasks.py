"""Background grouping: each response as it arrives, and any left ungrouped (the broker was down).

This module owns the enqueue: ``response_submit`` calls ``campaign_enqueue`` after its
transaction commits. A failure to enqueue never reaches the respondent; beat's
``group_ungrouped_responses`` finds the response later.
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from responses.models import Response

from .grouping import group_consultation, group_response

logger = logging.getLogger(__name__)

# Below this many waiting in a consultation, group them one by one rather than load the whole index.
ONE_BY_ONE_UP_TO = 500


def campaign_enqueue(*, response_id: int) -> bool:
    """Queue the grouping of one response; False (beat groups it later) if the broker is down."""
    try:
        group_new_response.delay(response_id)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean "broker not there"
        logger.warning("Broker unavailable; response %s left for group_ungrouped_responses", response_id)
        return False
    return True


@shared_task(bind=True, acks_late=True, max_retries=3, soft_time_limit=30, time_limit=60)
def group_new_response(self, response_id: int) -> str | None:
    """Group one response with the earlier ones. Idempotent: a grouped response is left as it is."""
    try:
        return group_response(response_id)
    except (OperationalError, InterfaceError) as error:
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task(acks_late=True, soft_time_limit=1500, time_limit=1800)
def group_ungrouped_responses() -> int:
    """Group every response not grouped yet, in each consultation. Returns how many."""
    waiting = Response.objects.filter(campaign_fingerprint__isnull=True)
    done = 0
    for consultation_id in waiting.values_list("consultation_id", flat=True).distinct():
        ids = list(waiting.filter(consultation_id=consultation_id).values_list("id", flat=True)[: ONE_BY_ONE_UP_TO + 1])
        if len(ids) > ONE_BY_ONE_UP_TO:
            done += group_consultation(consultation_id)
            continue
        for response_id in sorted(ids, key=lambda pk: pk):
            group_response(response_id)
            done += 1
    return done
