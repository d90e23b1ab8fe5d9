"""Equality monitoring in aggregate: counts per answer, with small numbers hidden.

A count under ``SUPPRESS_BELOW`` is shown as "fewer than 5", its percentage hidden, so
that no one can be picked out. When a question has exactly one such cell, the next
smallest is hidden too ("not shown"): otherwise the total minus the others would give it.
Ethnicity is reported by the five groups of the 2021 Census, not its 19 categories.
Rejected responses (spam, duplicates) are left out.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from consultation.models import Consultation
from responses.models import Response, State

from .choices import ETHNIC_GROUPS, PREFER_NOT, QUESTIONS
from .models import EqualityAnswers

SUPPRESS_BELOW = 5
FEWER_THAN = _("fewer than 5")
NOT_SHOWN = _("not shown")
NOT_ANSWERED = _("Not answered")


@dataclass
class Cell:
    label: str
    count: int
    shown: str = ""  # the count as shown, or why it is not
    percent: str = ""  # "" when hidden


@dataclass
class QuestionReport:
    question: str
    cells: list[Cell]


def answers_counted(consultation: Consultation) -> QuerySet:
    return EqualityAnswers.objects.filter(response__consultation=consultation).exclude(response__state=State.REJECTED)


def shown_count(count: int) -> str:
    return str(FEWER_THAN) if count < SUPPRESS_BELOW else f"{count:,}"


def equality_report(consultation: Consultation) -> dict:
    """The page's figures: how many answered, how many skipped, and one table per question."""
    answered = answers_counted(consultation)
    total = answered.count()
    responses = Response.objects.filter(consultation=consultation).exclude(state=State.REJECTED).count()
    questions = [
        QuestionReport(question=str(question), cells=_cells(answered, name, choices, total))
        for name, (question, _hint, choices) in QUESTIONS.items()
    ]
    # With fewer than 5 answers, the number who skipped would give the number who answered.
    skipped = shown_count(responses - total) if total >= SUPPRESS_BELOW else str(NOT_SHOWN)
    return {
        "answered": shown_count(total),
        "skipped": skipped,
        "questions": questions if total >= SUPPRESS_BELOW else [],
    }


def _grouped(name: str, value: str) -> str:
    if name == "ethnicity" and value not in ("", PREFER_NOT[0]):
        return value.split("_", 1)[0]
    return value


def _labels(name: str, choices) -> list[tuple[str, str]]:
    if name == "ethnicity":
        return [*ETHNIC_GROUPS.items(), PREFER_NOT]
    return list(choices.choices)


def _cells(answered: QuerySet, name: str, choices, total: int) -> list[Cell]:
    counts: dict[str, int] = {}
    for row in answered.values(name).annotate(n=Count("pk")).order_by():
        key = _grouped(name, row[name])
        counts[key] = counts.get(key, 0) + row["n"]
    cells = [Cell(label=str(label), count=counts.get(value, 0)) for value, label in _labels(name, choices)]
    cells.append(Cell(label=str(NOT_ANSWERED), count=counts.get("", 0)))
    _suppress(cells, total)
    return cells


def _suppress(cells: list[Cell], total: int) -> None:
    small = [cell for cell in cells if cell.count < SUPPRESS_BELOW]
    for cell in cells:
        if cell.count < SUPPRESS_BELOW:
            cell.shown = str(FEWER_THAN)
        else:
            cell.shown = f"{cell.count:,}"
            cell.percent = f"{round(100 * cell.count / total)}%" if total else ""
    if len(small) == 1:
        # One hidden cell could be worked out from the total: hide the next smallest too.
        others = sorted((cell for cell in cells if cell.count >= SUPPRESS_BELOW), key=lambda cell: cell.count)
        if others:
            others[0].shown, others[0].percent = str(NOT_SHOWN), ""
