"""Where a results page's grouped rows come from: counted now, or a summary counted ahead.

A consultation with fewer than RESULTS_SUMMARY_FROM responses is counted on every page
(a few grouped queries; exact to the second). A larger one is read from its summary,
counted by beat every RESULTS_SUMMARY_SECONDS with the state, respondent type and channel
as extra groups, so the page filters the summary's rows by those without counting again;
the page says when it was counted. A filter the summary cannot answer (centre, district,
dates) counts live, and the page says that may take a while.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from consultation.models import Consultation
from responses.counts import services as state_counts
from responses.models import ORGANISATION_TYPES, ResultsSummary

from . import aggregation as sql

SUMMARY_GROUPS = ("state", "respondent_type", "channel")
SUMMARY_FILTERS = {"state", "respondent_type", "kind", "channel"}


def kind_of(respondent_type: str) -> str:
    return "organisation" if respondent_type in ORGANISATION_TYPES else "individual"


@dataclass
class Counts:
    """The grouped rows every table of the results page is built from."""

    cube: list[dict]
    districts: list[dict]
    centres: list[dict]
    daily: list[dict]
    states: dict[str, int]
    counted_at: datetime.datetime | None = None  # set when read from a summary
    questions: list = field(default_factory=list)


def questions_key(questions) -> list:
    """What the summary's columns were made from: a changed question makes it stale."""
    return [[q.slug, q.kind, list(q.options or [])] for q in questions]


def live(questions, responses, all_states) -> Counts:
    aliases = sql.Aliases.of(questions)
    return Counts(
        cube=sql.cube(responses, aliases),
        districts=sql.district_cube(responses, aliases),
        centres=sql.centre_counts(responses),
        daily=sql.daily(responses),
        states=sql.state_counts(all_states),
    )


def summary_count(consultation: Consultation) -> ResultsSummary:
    """Count a consultation's summary now and keep it (the beat task and a first visit)."""
    questions = list(consultation.questions.all())
    aliases = sql.Aliases.of(questions)
    responses = consultation.responses.not_withdrawn()  # a withdrawn response leaves the counts
    counted_at = timezone.now()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # The four queries see the same responses, however many arrive meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        data = {
            "questions": questions_key(questions),
            "cube": sql.cube(responses, aliases, extra=("state",)),
            "districts": sql.district_cube(responses, aliases, extra=SUMMARY_GROUPS),
            "centres": sql.centre_counts(responses, extra=("state", "channel")),
            "daily": [row | {"day": row["day"].isoformat()} for row in sql.daily(responses, extra=SUMMARY_GROUPS)],
        }
    summary, _ = ResultsSummary.objects.update_or_create(
        consultation=consultation, defaults={"counted_at": counted_at, "data": data}
    )
    return summary


def _keeps(row: dict, values: dict, *, state: bool = True) -> bool:
    if state and values.get("state") and row["state"] != values["state"]:
        return False
    if values.get("respondent_type") and row["respondent_type"] != values["respondent_type"]:
        return False
    if values.get("kind") and kind_of(row["respondent_type"]) != values["kind"]:
        return False
    return not (values.get("channel") and row["channel"] != values["channel"])


def from_summary(summary: ResultsSummary, values: dict) -> Counts:
    data = summary.data
    states = {}
    for row in data["cube"]:
        if _keeps(row, values, state=False):
            states[row["state"]] = states.get(row["state"], 0) + row["n"]
    return Counts(
        cube=[row for row in data["cube"] if _keeps(row, values)],
        districts=[row for row in data["districts"] if _keeps(row, values)],
        centres=[row for row in data["centres"] if _keeps(row, values)],
        daily=[row | {"day": datetime.date.fromisoformat(row["day"])} for row in data["daily"] if _keeps(row, values)],
        states=states,
        counted_at=summary.counted_at,
    )


def is_large(consultation: Consultation) -> bool:
    return state_counts.state_counts(consultation)["all"] >= settings.RESULTS_SUMMARY_FROM


def counts_for(consultation: Consultation, *, values: dict, responses, all_states, wait: bool = False) -> Counts | None:
    """The rows for a page: from the summary when the consultation is large and the filters allow.

    None when a large consultation has no summary yet (or its questions changed): the caller
    asks beat's task to count it rather than keep the officer waiting. ``wait`` counts it now.
    """
    questions = list(consultation.questions.all())
    uses_summary = not any(value for name, value in values.items() if name not in SUMMARY_FILTERS)
    if uses_summary and is_large(consultation):
        summary = ResultsSummary.objects.filter(consultation=consultation).first()
        if summary is None or summary.data.get("questions") != questions_key(questions):
            if not wait:
                return None
            summary = summary_count(consultation)
        return from_summary(summary, values)
    return live(questions, responses, all_states)


def summaries_due() -> list[int]:
    """The consultations large enough to be read from a summary."""
    from django.db.models import Count

    from responses.models import Response

    rows = Response.objects.not_withdrawn().order_by().values("consultation").annotate(n=Count("pk"))
    return [row["consultation"] for row in rows.filter(n__gte=settings.RESULTS_SUMMARY_FROM)]
