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
from django.db.models.fields.json import KT
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


def has_option(slug: str, option: str) -> Q:
    """The response's list answer to ``slug`` holds ``option``."""
    if connection.vendor == "postgresql":
        return Q(**{f"answers__{slug}__contains": [option]})  # jsonb @>, exact element match
    # SQLite has no JSON containment: the stored list's text holds the option in quotes
    # (INSTR, unlike LIKE, tells capitals apart).
    found = Func(KT(f"answers__{slug}"), Value(json.dumps(option)), function="INSTR", output_field=IntegerField())
    return Q(GreaterThan(found, 0))


def is_answered(slug: str) -> Q:
    """The response has a non-empty answer to ``slug`` (text or list)."""
    return Q(**{f"answers__{slug}__isnull": False}) & ~Q(**{f"answers__{slug}": ""}) & ~Q(**{f"answers__{slug}": []})


def _conditional(aliases: Aliases, *, distinct: bool) -> dict:
    counts = {}
    for (slug, option), alias in aliases.options.items():
        counts[alias] = Count("pk", filter=has_option(slug, option), distinct=distinct)
    for slug, alias in aliases.answered.items():
        counts[alias] = Count("pk", filter=is_answered(slug), distinct=distinct)
    return counts


def _answers(aliases: Aliases) -> dict:
    return {alias: KT(f"answers__{slug}") for slug, alias in aliases.grouped.items()}


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
