"""One centre's results: the responses naming it, their agreement, and the share of organisations.

Few people name some centres, so every count here below 5 is shown as "fewer than 5".
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from centres.models import Centre
from consultation.models import Consultation, QuestionKind
from responses.models import RespondentType

from . import aggregation as sql
from .counting import kind_of
from .services import KINDS
from .tables import Table, distribution, hidden, net_agreement, percent, signed, sum_by


@dataclass
class CentreResults:
    centre: Centre
    total: int
    organisations: str  # "12%", or "" when hidden
    tables: list[Table] = field(default_factory=list)
    nets: dict[str, str] = field(default_factory=dict)

    @property
    def by_key(self) -> dict[str, Table]:
        return {table.key: table for table in self.tables}


def centre_results(consultation: Consultation, centre: Centre, responses: QuerySet) -> CentreResults:
    questions = [q for q in consultation.questions.all() if q.kind == QuestionKind.AGREEMENT]
    aliases = sql.Aliases.of(questions)
    rows = sql.cube(responses.filter(centres=centre), aliases)
    total = sum(row["n"] for row in rows)
    kinds = sum_by(rows, lambda row: kind_of(row["respondent_type"]))
    result = CentreResults(
        centre=centre,
        total=total,
        organisations=percent(kinds["organisation"], total, suppress=True) if total else "",
    )
    result.tables.append(
        distribution(
            key="respondent-type",
            title=f"Responses naming {centre.name}, by respondent type",
            heading="Respondent type",
            choices=RespondentType.choices,
            counts=sum_by(rows, lambda row: row["respondent_type"]),
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
        counts = sum_by(rows, lambda row, column=aliases.grouped[question.slug]: row[column])
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
