"""The results pages' filters: the shared ResponseFilterSet, approved responses unless chosen otherwise.

Campaign responses are counted unless the officer leaves them out (or counts only them, or
only one group's): the shared ``campaign`` filter, worded for the results page.
"""

from django.http import QueryDict

from responses.filters import NO, YES, ResponseFilterSet
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
    "campaign",
)
INCLUDED, LEFT_OUT, ONLY = "", NO, YES


def campaign_wording(groups) -> dict:
    """The campaign filter as the results page words it; ``groups`` are (code, label) choices."""
    choices = [(LEFT_OUT, "Leave them out"), (ONLY, "Only campaign responses")]
    choices += [(code, f"Only group {label}") for code, label in groups]
    return {"label": "Campaign responses", "empty_label": "Include them", "choices": choices}


def with_default_state(data: QueryDict) -> QueryDict:
    """Approved only unless the address says otherwise ("Any state" sends an empty state)."""
    data = data.copy()
    if "state" not in data:
        data["state"] = State.APPROVED
    return data


def results_filters(data: QueryDict, queryset, *, centres, groups=(), state: bool = True) -> ResponseFilterSet:
    fields = RESULTS_FILTERS if state else tuple(name for name in RESULTS_FILTERS if name != "state")
    wording = {"campaign": campaign_wording(groups)}
    return ResponseFilterSet(with_default_state(data), queryset, centres=centres, fields=fields, wording=wording)
