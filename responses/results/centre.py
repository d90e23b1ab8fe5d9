"""One centre's results: the responses naming it, their agreement, and the share of organisations.

Few people name some centres, so every count here below 5 is shown as "fewer than 5". A
large consultation's centre page reads the centre's slice of the summary when the state is
its only other filter; otherwise it counts live (one grouped query over that centre's responses).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from centres.models import Centre
from consultation.models import Consultation, QuestionKind
from responses.models import RespondentType

from . import aggregation as sql
from .counting import from_summary, is_large, summary_of
from .services import KINDS
from .tables import Table, distribution, hidden, net_agreement, percent, signed, sum_by
from .tally import Counts, kind_of, tally


@dataclass
class CentreResults:
    centre: Centre
    total: int
    organisations: str  # "12%", or "" when hidden
    tables: list[Table] = field(default_factory=list)
    nets: dict[str, str] = field(default_factory=dict)
    counted_at: datetime.datetime | None = None  # when read from a summary counted ahead

    @property
    def by_key(self) -> dict[str, Table]:
        return {table.key: table for table in self.tables}


def centre_counts(consultation: Consultation, centre: Centre, *, values: dict, responses: QuerySet) -> Counts:
    """The centre's counts: its slice of the summary if the state is the only filter, else live."""
    others = any(value for name, value in values.items() if name != "state")
    summary = None if others or not is_large(consultation) else summary_of(consultation)
    if summary is not None:
        return from_summary(summary, values.get("state") or "", [(f"centre:{centre.slug}", 1)])
    aliases = sql.Aliases.of(list(consultation.questions.all()))
    return Counts(tally(aliases, cube=sql.cube(responses.filter(centres=centre), aliases)))


def centre_results(consultation: Consultation, centre: Centre, counts_of: Counts) -> CentreResults:
    everything = list(consultation.questions.all())
    aliases = sql.Aliases.of(everything)
    questions = [q for q in everything if q.kind == QuestionKind.AGREEMENT]
    total = counts_of.total
    by_type = counts_of.by_type()
    kinds = sum_by(by_type.items(), lambda item: kind_of(item[0]), value=1)
    result = CentreResults(
        centre=centre,
        total=total,
        organisations=percent(kinds["organisation"], total, suppress=True) if total else "",
        counted_at=counts_of.counted_at,
    )
    result.tables.append(
        distribution(
            key="respondent-type",
            title=f"Responses naming {centre.name}, by respondent type",
            heading="Respondent type",
            choices=RespondentType.choices,
            counts=by_type,
            total=total,
            suppress=True,
            other_label=None,
        )
    )
    result.tables.append(
        distribution(
            key="organisation",
            title="Organisations and individuals",
            heading="Responding as",
            choices=KINDS,
            counts=kinds,
            total=total,
            suppress=True,
            other_label=None,
        )
    )
    for question in questions:
        counts = counts_of.answers(aliases.grouped[question.slug])
        result.nets[question.slug] = "" if hidden(total, True) else signed(net_agreement(counts))
        result.tables.append(
            distribution(
                key=f"q-{question.slug}",
                title=question.text,
                heading="Answer",
                choices=question.choices,
                counts=counts,
                total=total,
                suppress=True,
            )
        )
    return result
