"""Where a results page's counts come from: counted now, or the slices of a summary counted ahead.

A consultation with fewer than RESULTS_SUMMARY_FROM responses is counted on every page
(a few grouped queries; exact to the second). A larger one is read from its summary,
counted by beat every RESULTS_SUMMARY_SECONDS (responses/results/slices.py): a tally per
state and per filter value, so a page reads one small row (two for a range of days) and the
page says when it was counted. The summary answers the state with at most one other
filter (respondent type, organisation or individual, channel, centre or district) or a
range of days; any other combination, and the campaign filter, count live, and the page
says that may take a while.
"""

import datetime

from django.conf import settings

from consultation.models import Consultation
from responses.counts import services as state_counts
from responses.models import Response, ResultsSlice, ResultsSummary

from . import aggregation as sql
from .slices import SUMMARY_FORMAT, questions_key, summary_count
from .tally import Counts, from_json, kind_of, tally

__all__ = ["kind_of", "summary_count"]  # kind_of for the tables, summary_count for the task and bench
ONE_FILTER = ("respondent_type", "kind", "channel", "centre", "district")
DAYS = ("submitted_from", "submitted_to")


def live(questions, responses, all_states) -> Counts:
    aliases = sql.Aliases.of(questions)
    return Counts(
        tally(
            aliases,
            cube=sql.cube(responses, aliases),
            districts=sql.district_cube(responses, aliases),
            centres=sql.centre_counts(responses),
            daily=sql.daily(responses),
            states=sql.state_counts(all_states),
        )
    )


def slices_for(values: dict) -> list[tuple[str, int]] | None:
    """The slices (key, +1 or -1) whose tallies add up to these filters; None: count live."""
    chosen = {name: value for name, value in values.items() if value and name != "state"}
    if not chosen:
        return [("", 1)]
    if set(chosen) <= set(DAYS):
        first, last = chosen.get("submitted_from"), chosen.get("submitted_to")
        wanted = [(f"to:{last.isoformat()}", 1) if last else ("", 1)]
        if first:
            wanted.append((f"to:{(first - datetime.timedelta(days=1)).isoformat()}", -1))
        return wanted
    if len(chosen) == 1 and next(iter(chosen)) in ONE_FILTER:
        name, value = next(iter(chosen.items()))
        return [(f"{name}:{getattr(value, 'slug', value)}", 1)]
    return None


def _slice(consultation_id: int, state: str, key: str):
    found = ResultsSlice.objects.filter(consultation_id=consultation_id, state=state)
    if key.startswith("to:"):  # the last day counted up to that day (no row: nothing sent by then)
        found = found.filter(key__startswith="to:", key__lte=key).order_by("-key")
    else:
        found = found.filter(key=key)
    return found.values_list("sums", flat=True).first() or []


def from_summary(summary: ResultsSummary, state: str, wanted: list[tuple[str, int]]) -> Counts:
    sums = None
    for key, sign in wanted:
        part = from_json(_slice(summary.consultation_id, state or "", key))
        sums = part if sums is None else (sums + part if sign > 0 else sums - part)
    return Counts(sums, counted_at=summary.counted_at)


def is_large(consultation: Consultation) -> bool:
    return state_counts.state_counts(consultation)["all"] >= settings.RESULTS_SUMMARY_FROM


def summary_of(consultation: Consultation, *, wait: bool = False) -> ResultsSummary | None:
    """The consultation's current summary; None when it has none (or its questions changed)."""
    summary = ResultsSummary.objects.filter(consultation=consultation).first()
    questions = questions_key(consultation.questions.all())
    if summary is None or summary.data.get("questions") != questions or summary.data.get("format") != SUMMARY_FORMAT:
        return summary_count(consultation) if wait else None
    return summary


def counts_for(consultation: Consultation, *, values: dict, responses, all_states, wait: bool = False) -> Counts | None:
    """The counts for a page: from the summary when the consultation is large and the filters allow.

    None when a large consultation has no summary yet (or its questions changed): the caller
    asks beat's task to count it rather than keep the officer waiting. ``wait`` counts it now.
    """
    wanted = slices_for(values)
    if wanted is not None and is_large(consultation):
        summary = summary_of(consultation, wait=wait)
        return None if summary is None else from_summary(summary, values.get("state") or "", wanted)
    if values.get("centre"):
        # The centre filter joins the centres; a fresh query keeps the breakdowns by district and
        # by centre from reusing that join (which would show the chosen centre alone).
        responses = Response.objects.filter(pk__in=responses.order_by().values("pk"))
    return live(list(consultation.questions.all()), responses, all_states)


def summaries_due() -> list[int]:
    """The consultations large enough to be read from a summary."""
    from django.db.models import Count

    rows = Response.objects.not_withdrawn().order_by().values("consultation").annotate(n=Count("pk"))
    return [row["consultation"] for row in rows.filter(n__gte=settings.RESULTS_SUMMARY_FROM)]
