"""The results' numbers, counted by the database: a handful of grouped queries, whatever the size.

``cube`` groups the chosen responses by respondent type, channel and the answer to every
agreement and single-choice question, with a conditional count per multiple-choice option
and per answered free-text question in the same scan. Every total, distribution and
breakdown by respondent type is a sum over its rows (at most a few hundred groups, never
one row a response). ``district_cube`` does the same per district of the centres chosen
(a response counts once in each district it named), ``centre_counts`` the centres chosen
by respondent type, and ``daily`` the responses per day in London.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan

from consultation.models import Question, QuestionKind
from responses.filters import LONDON

GROUPED = (QuestionKind.AGREEMENT, QuestionKind.SINGLE)


@dataclass(frozen=True)
class Aliases:
    """Short column names for each question, so any slug is safe in SQL aliases."""

    grouped: dict[str, str]  # question slug -> column holding its answer
    options: dict[tuple[str, str], str]  # (question slug, option) -> column counting it
    answered: dict[str, str]  # multiple-choice and free-text slug -> column counting answers

    @classmethod
    def of(cls, questions: list[Question]) -> "Aliases":
        grouped, options, answered = {}, {}, {}
        for i, question in enumerate(questions):
            if question.kind in GROUPED:
                grouped[question.slug] = f"q{i}"
            elif question.kind == QuestionKind.MULTIPLE:
                answered[question.slug] = f"a{i}"
                for j, option in enumerate(question.options or []):
                    options[(question.slug, option)] = f"m{i}_{j}"
            elif question.kind == QuestionKind.FREE_TEXT:
                answered[question.slug] = f"a{i}"
        return cls(grouped, options, answered)


def has_option(slug: str, option: str, prefix: str = "") -> Q:
    """The response's list answer to ``slug`` holds ``option`` (``prefix``: the path to the response)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{prefix}answers__{slug}__contains": [option]})  # jsonb @>, exact element match
    # SQLite has no JSON containment: the stored list's text holds the option in quotes
    # (INSTR, unlike LIKE, tells capitals apart).
    found = Func(
        KeyTextTransform(slug, f"{prefix}answers"),
        Value(json.dumps(option)),
        function="INSTR",
        output_field=IntegerField(),
    )
    return Q(GreaterThan(found, 0))


def is_answered(slug: str, prefix: str = "") -> Q:
    """The response has a non-empty answer to ``slug`` (text or list)."""
    answer = f"{prefix}answers__{slug}"
    return Q(**{f"{answer}__isnull": False}) & ~Q(**{answer: ""}) & ~Q(**{answer: []})


def _conditional(aliases: Aliases, *, distinct: bool, prefix: str = "", counted: str = "pk") -> dict:
    counts = {}
    for (slug, option), alias in aliases.options.items():
        counts[alias] = Count(counted, filter=has_option(slug, option, prefix), distinct=distinct)
    for slug, alias in aliases.answered.items():
        counts[alias] = Count(counted, filter=is_answered(slug, prefix), distinct=distinct)
    return counts


def _answers(aliases: Aliases, prefix: str = "") -> dict:
    # KeyTextTransform, not KT: KT reads the first part of a path as the field's name.
    return {alias: KeyTextTransform(slug, f"{prefix}answers") for slug, alias in aliases.grouped.items()}


def cube(responses: QuerySet, aliases: Aliases, extra: tuple[str, ...] = ()) -> list[dict]:
    """One row per (respondent type, channel, grouped answers) with its counts: one scan.
    ``extra`` names more columns to group by (the summary adds the state)."""
    return list(
        responses.order_by()
        .values(*extra, "respondent_type", "channel", **_answers(aliases))
        .annotate(n=Count("pk"), **_conditional(aliases, distinct=False))
    )


def district_cube(responses: QuerySet, aliases: Aliases, extra: tuple[str, ...] = ()) -> list[dict]:
    """As ``cube``, per district of the centres chosen (None: no centre chosen)."""
    return list(
        responses.order_by()
        .values(*extra, district=F("centres__district"), **_answers(aliases))
        .annotate(n=Count("pk", distinct=True), **_conditional(aliases, distinct=True))
    )


def centre_counts(responses: QuerySet, extra: tuple[str, ...] = ()) -> list[dict]:
    """How many responses chose each centre, by respondent type."""
    return list(
        responses.order_by()
        .filter(centres__isnull=False)
        .values(*extra, "respondent_type", centre=F("centres__pk"))
        .annotate(n=Count("pk"))
    )


def daily(responses: QuerySet, extra: tuple[str, ...] = ()) -> list[dict]:
    """Responses sent each day in London ({"day", "n"}), oldest first."""
    return list(
        responses.order_by()
        .annotate(day=TruncDate("submitted_at", tzinfo=LONDON))
        .values(*extra, "day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )


def state_counts(responses: QuerySet) -> dict[str, int]:
    return dict(responses.order_by().values_list("state").annotate(n=Count("pk")))


def by_chosen_centre(choices: QuerySet, aliases: Aliases, slice_of: str) -> dict[str, list[dict]]:
    """The four groupings at once for every centre (``slice_of`` "centre_id") or every district
    ("centre__district") of the centres chosen, as a "slice" column, from ``choices``: rows
    of the response-centre table. A response counts once in each slice: a centre's rows are
    one per response already, a district's are counted distinct (two centres there, one response)."""
    distinct = slice_of != "centre_id"
    rows = choices.order_by().annotate(slice=F(slice_of), state=F("response__state"))
    each = {"respondent_type": F("response__respondent_type"), "channel": F("response__channel")}
    answers = _answers(aliases, "response__")
    counted = {"n": Count("response_id", distinct=distinct)}
    conditional = _conditional(aliases, distinct=distinct, prefix="response__", counted="response_id")
    # Through the centres a second time: one response, two centres in a district, counted once.
    once = {"n": Count("response_id", distinct=True)}
    once_each = _conditional(aliases, distinct=True, prefix="response__", counted="response_id")
    day = TruncDate("response__submitted_at", tzinfo=LONDON)
    district = F("response__centres__district")
    return {
        "cube": list(rows.values("slice", "state", **each, **answers).annotate(**counted, **conditional)),
        "districts": list(rows.values("slice", "state", district=district, **answers).annotate(**once, **once_each)),
        "centres": [
            row | {"centre": row["named"]}  # "centre" is the through table's own field
            for row in rows.values("slice", "state", **each, named=F("response__centres__pk")).annotate(**counted)
            if row["named"] is not None
        ],
        "daily": list(rows.values("slice", "state", day=day).annotate(**counted)),
    }
