"""Counting a large consultation's summary ahead: a tally per state and per filter value.

Beat runs this every RESULTS_SUMMARY_SECONDS for consultations of RESULTS_SUMMARY_FROM
responses or more. The grouped queries are those a live page runs (``aggregation``), with
the state and the slice's own key as extra groups: by day (added up into "every response up
to this day", and, all days together, the whole, split by respondent type, organisation or
individual, and channel in Python; the districts once more by type and channel), then for
every centre and every district in one pass each over the centres chosen. Each
slice is stored as its own ResultsSlice row, so a page reads a few kilobytes, not the lot.
"""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from centres.models import Centre
from consultation.models import Consultation
from responses.filters import LONDON
from responses.models import Channel, RespondentType, Response, ResultsSlice, ResultsSummary, State

from . import aggregation as sql
from .tally import STATE, kind_of, tally, to_json

SUMMARY_FORMAT = 2  # 1 was one JSON document of joint rows; 2 is ResultsSlice rows


def questions_key(questions) -> list:
    """What the summary's columns were made from: a changed question makes it stale."""
    return [[q.slug, q.kind, list(q.options or [])] for q in questions]


def _day_rows(responses, aliases) -> dict[str, list[dict]]:
    """The joint rows by state and day (London), with the respondent type and channel."""
    by_day = responses.annotate(sent_on=TruncDate("submitted_at", tzinfo=LONDON))
    rows = {
        "cube": sql.cube(by_day, aliases, extra=("state", "sent_on")),
        "districts": sql.district_cube(by_day, aliases, extra=("state", "sent_on")),
        "centres": sql.centre_counts(by_day, extra=("state", "sent_on", "channel")),
    }
    keys = ("state", "sent_on", "respondent_type", "channel", "n")
    rows["daily"] = [{key: row[key] for key in keys} | {"day": row["sent_on"]} for row in rows["cube"]]
    return rows


def _by_state(aliases, rows: dict[str, list[dict]], keep=lambda row: True) -> dict[str, Counter]:
    """A tally per state ("" for every state) of the rows ``keep`` keeps, each with the counts by state."""
    per_state = defaultdict(lambda: defaultdict(list))
    for section, found in rows.items():
        for row in found:
            if keep(row):
                per_state[row["state"]][section].append(row)
    tallies = {state: tally(aliases, **per_state[state]) for state in State.values}
    states = Counter(
        {(STATE, state): sum(n for key, n in sums.items() if key[0] == "n") for state, sums in tallies.items()}
    )
    every = sum(tallies.values(), Counter())
    return {state: sums + states for state, sums in [*tallies.items(), ("", every)]}


def _whole(responses, aliases, day_rows: dict[str, list[dict]]) -> dict[str, dict[str, Counter]]:
    """The slices read with no filter but the state, or one of respondent type, organisation, channel.

    A tally adds its rows up, so the rows by day serve as they are; only the districts are
    counted again, by respondent type and channel rather than by day."""
    split = ("state", "respondent_type", "channel")
    rows = day_rows | {"districts": sql.district_cube(responses, aliases, extra=split)}
    slices = {"": _by_state(aliases, rows)}
    for value in RespondentType.values:
        slices[f"respondent_type:{value}"] = _by_state(aliases, rows, lambda row, v=value: row["respondent_type"] == v)
    for value in ("organisation", "individual"):
        slices[f"kind:{value}"] = _by_state(aliases, rows, lambda row, v=value: kind_of(row["respondent_type"]) == v)
    for value in Channel.values:
        slices[f"channel:{value}"] = _by_state(aliases, rows, lambda row, v=value: row["channel"] == v)
    return slices


def _days(aliases, rows: dict[str, list[dict]]) -> dict[str, dict[str, Counter]]:
    """Per state, every response up to the end of each day (London) on which responses were sent."""
    by_day = defaultdict(lambda: defaultdict(list))
    for section, found in rows.items():
        for row in found:
            by_day[row["sent_on"]][section].append(row)
    slices, running = {}, defaultdict(Counter)
    for day in sorted(by_day):
        for state, sums in _by_state(aliases, by_day[day]).items():
            running[state] += sums
        slices[f"to:{day.isoformat()}"] = {state: Counter(sums) for state, sums in running.items()}
    return slices


def _centres_and_districts(responses, aliases) -> dict[str, dict[str, Counter]]:
    """Per state, the responses naming each centre, and those naming a centre in each district."""
    choices = Response.centres.through.objects.filter(response__in=responses.order_by().values("pk"))
    slugs = dict(Centre.objects.values_list("pk", "slug"))
    slices = {}
    for name, slice_of, key in (("centre", "centre_id", slugs.get), ("district", "centre__district", str)):
        rows = sql.by_chosen_centre(choices, aliases, slice_of)
        by_slice = defaultdict(lambda: defaultdict(list))
        for section, found in rows.items():
            for row in found:
                by_slice[row["slice"]][section].append(row)
        for value, sections in by_slice.items():
            slices[f"{name}:{key(value)}"] = _by_state(aliases, sections)
    return slices


def summary_count(consultation: Consultation) -> ResultsSummary:
    """Count a consultation's summary now and keep it (the beat task and a first visit)."""
    questions = list(consultation.questions.all())
    aliases = sql.Aliases.of(questions)
    responses = consultation.responses.not_withdrawn()  # a withdrawn response leaves the counts
    counted_at = timezone.now()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Every query sees the same responses, however many arrive meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        day_rows = _day_rows(responses, aliases)
        slices = _whole(responses, aliases, day_rows) | _days(aliases, day_rows)
        slices |= _centres_and_districts(responses, aliases)
    rows = [
        ResultsSlice(consultation=consultation, state=state, key=key, sums=to_json(sums))
        for key, by_state in slices.items()
        for state, sums in by_state.items()
    ]
    with transaction.atomic():
        ResultsSlice.objects.filter(consultation=consultation).delete()
        ResultsSlice.objects.bulk_create(rows, batch_size=200)
        summary, _ = ResultsSummary.objects.update_or_create(
            consultation=consultation,
            defaults={
                "counted_at": counted_at,
                "data": {"questions": questions_key(questions), "format": SUMMARY_FORMAT},
            },
        )
    return summary
