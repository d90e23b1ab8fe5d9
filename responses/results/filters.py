"""The results pages' filters: the shared ResponseFilterSet, approved responses unless chosen otherwise."""

from django.http import QueryDict

from responses.filters import ResponseFilterSet
from responses.models import State

RESULTS_FILTERS = (
    "state",
    "respondent_type",
    "kind",
    "channel",
    "centre",
    "district",
    "submitted_from",
    "submitted_to",
)


def with_default_state(data: QueryDict) -> QueryDict:
    """Approved only unless the address says otherwise ("Any state" sends an empty state)."""
    data = data.copy()
    if "state" not in data:
        data["state"] = State.APPROVED
    return data


def results_filters(data: QueryDict, queryset, *, centres, state: bool = True) -> ResponseFilterSet:
    fields = RESULTS_FILTERS if state else tuple(name for name in RESULTS_FILTERS if name != "state")
    return ResponseFilterSet(with_default_state(data), queryset, centres=centres, fields=fields)
