"""How many of a consultation's responses are in each state: one grouped query, cached for a minute.

Withdrawn responses are left out of every state and of "all", and counted on their own.

The count is forgotten whenever a response arrives or is decided, so a moderator paging
through the queue does not count a million rows on every page.
"""

import logging

from django.core.cache import cache
from django.db.models import Count, Q

from responses.models import Response, State

logger = logging.getLogger(__name__)

COUNTS_SECONDS = 60


def state_counts(consultation) -> dict[str, int]:
    """How many of the consultation's responses are in each state, and in all (cached)."""
    key = _counts_key(consultation.pk)
    try:
        counts = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage costs a query, never the page
        logger.warning("Cache unavailable; counting the queue", exc_info=True)
        return _count_states(consultation)
    if counts is None:
        counts = _count_states(consultation)
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def state_counts_forget(consultation_id: int) -> None:
    """Drop the cached counts of a consultation (a response arrived, was decided, corrected or withdrawn)."""
    try:
        cache.delete(_counts_key(consultation_id))
    except Exception:  # noqa: BLE001 - stale for at most COUNTS_SECONDS
        logger.warning("Cache unavailable; queue counts may lag for a minute", exc_info=True)


def _counts_key(consultation_id: int) -> str:
    return f"queue-counts:{consultation_id}"


def _count_states(consultation) -> dict[str, int]:
    # Withdrawn responses are counted apart, in the same query: in no state's count, nor in "all".
    kept, gone = Q(withdrawn_at__isnull=True), Q(withdrawn_at__isnull=False)
    rows = (
        Response.objects.filter(consultation=consultation)
        .order_by()  # the default ordering would otherwise join the GROUP BY
        .values_list("state")
        .annotate(n=Count("pk", filter=kept), w=Count("pk", filter=gone))
    )
    counts = dict.fromkeys(State.values, 0)
    withdrawn = 0
    for state, n, w in rows:
        counts[state] = n
        withdrawn += w
    counts["all"] = sum(counts.values())
    counts["withdrawn"] = withdrawn
    return counts
