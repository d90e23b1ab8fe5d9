"""The results of a consultation, as tables: totals, each question, breakdowns, centres, days.

Every number comes from the grouped queries in ``aggregation``; this module only names the
groups and lays the sums out as tables.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from centres.models import Centre, District
from consultation.models import Consultation, Question, QuestionKind
from responses.models import Channel, RespondentType, State

from . import aggregation as sql
from .campaign_counts import CampaignCounts, campaign_counts
from .counting import Counts, kind_of
from .tables import Table, crosstab, distribution, net_agreement, shown, signed, sum_by
from .theme_tables import theme_tables

KINDS = [("organisation", "Organisations"), ("individual", "Individuals")]
NO_CENTRE = "No centre chosen"
POSTCODE_NOTE = (
    "Breakdowns by district use the districts of the centres a respondent chose. The portal holds no "
    "table of postcodes and their districts, so responses are not placed by the respondent's postcode."
)


@dataclass
class QuestionResult:
    question: Question
    tables: list[Table] = field(default_factory=list)
    net: str = ""


@dataclass
class Results:
    total: int
    totals: list[Table]
    questions: list[QuestionResult]
    centres: Table
    daily: Table
    counted_at: datetime.datetime | None = None  # when read from a summary counted ahead
    district_note: str = POSTCODE_NOTE
    themes: list[Table] = field(default_factory=list)  # empty: no responses given, or no codebook
    campaigns: CampaignCounts | None = None

    @property
    def tables(self) -> dict[str, Table]:
        every = [*self.totals, self.centres, self.daily, *self.themes]
        every += [self.campaigns.table] if self.campaigns else []
        every += [table for result in self.questions for table in result.tables]
        return {table.key: table for table in every}


def results(consultation: Consultation, counts: Counts, responses=None) -> Results:
    """Everything on the results page, laid out from the grouped rows in ``counts``.

    Given the counted ``responses`` (a queryset), their campaign groups and themes too, each
    counted now in a few grouped queries (a summary counted ahead does not hold them)."""
    questions = list(consultation.questions.all())
    aliases = sql.Aliases.of(questions)
    rows = counts.cube
    total = sum(row["n"] for row in rows)
    by_type = sum_by(rows, lambda row: row["respondent_type"])
    states = counts.states
    totals = [
        distribution(
            key="state",
            title="Responses by moderation state (every state, the other filters applied)",
            heading="State",
            choices=State.choices,
            counts=Counter(states),
            total=sum(states.values()),
            other_label=None,
        ),
        distribution(
            key="channel",
            title="Responses by how they were sent",
            heading="Channel",
            choices=Channel.choices,
            counts=sum_by(rows, lambda row: row["channel"]),
            total=total,
            other_label=None,
        ),
        distribution(
            key="respondent-type",
            title="Responses by respondent type",
            heading="Respondent type",
            choices=RespondentType.choices,
            counts=by_type,
            total=total,
            other_label=None,
        ),
        distribution(
            key="organisation",
            title="Organisations and individuals",
            heading="Responding as",
            choices=KINDS,
            counts=sum_by(rows, lambda row: kind_of(row["respondent_type"])),
            total=total,
            other_label=None,
        ),
    ]
    districts = counts.districts
    by_district = sum_by(districts, lambda row: row["district"])
    question_results = [
        _question(question, aliases, rows, districts, total=total, by_type=by_type, by_district=by_district)
        for question in questions
    ]
    centres = _centres_in(consultation)
    for result in question_results:
        if result.question.kind == QuestionKind.CENTRES:
            result.tables = _centres_broken_down(result.question, centres, counts.centres, by_district)
    found = Results(
        total=total,
        totals=totals,
        questions=question_results,
        centres=_centres(centres, counts.centres, total),
        daily=_daily(counts.daily),
        counted_at=counts.counted_at,
    )
    if responses is not None:
        found.themes, _ = theme_tables(consultation, responses, total)
        found.campaigns = campaign_counts(responses, total)
    return found


def _groups_by_type() -> list[tuple[str, str]]:
    return list(RespondentType.choices)


def _groups_by_district() -> list[tuple[str | None, str]]:
    return [*District.choices, (None, NO_CENTRE)]


def _question(question, aliases, rows, districts, *, total, by_type, by_district) -> QuestionResult:
    slug, result = question.slug, QuestionResult(question)
    key = f"q-{slug}"
    if question.kind in sql.GROUPED:
        column = aliases.grouped[slug]
        counts = sum_by(rows, lambda row: row[column])
        is_agreement = question.kind == QuestionKind.AGREEMENT
        if is_agreement:
            result.net = signed(net_agreement(counts))
        result.tables.append(
            distribution(
                key=key, title=question.text, heading="Answer", choices=question.choices, counts=counts, total=total
            )
        )
        for suffix, heading, groups, source, group_of, totals in (
            ("type", "Respondent type", _groups_by_type(), rows, lambda r: r["respondent_type"], by_type),
            ("district", "District", _groups_by_district(), districts, lambda r: r["district"], by_district),
        ):
            cells = defaultdict(Counter)
            for row in source:
                cells[group_of(row)][row[column]] += row["n"]
            result.tables.append(
                crosstab(
                    key=f"{key}-by-{suffix}",
                    title=f"By {heading.lower()}",
                    heading=heading,
                    groups=groups,
                    choices=question.choices,
                    counts=cells,
                    totals=totals,
                    with_net=is_agreement,
                )
            )
    elif question.kind == QuestionKind.MULTIPLE:
        options = [(option, aliases.options[(slug, option)]) for option in question.options or []]
        counts = Counter({option: sum(row[column] for row in rows) for option, column in options})
        answered = sum(row[aliases.answered[slug]] for row in rows)
        counts[None] = total - answered
        result.tables.append(
            distribution(
                key=key,
                title=question.text,
                heading="Answer",
                choices=question.choices,
                counts=counts,
                total=total,
                note="A respondent may choose several answers, so the percentages add up to more than 100.",
            )
        )
        for suffix, heading, groups, source, group_of, totals in (
            ("type", "Respondent type", _groups_by_type(), rows, lambda r: r["respondent_type"], by_type),
            ("district", "District", _groups_by_district(), districts, lambda r: r["district"], by_district),
        ):
            cells = defaultdict(Counter)
            for row in source:
                for option, column in options:
                    cells[group_of(row)][option] += row[column]
            result.tables.append(
                crosstab(
                    key=f"{key}-by-{suffix}",
                    title=f"By {heading.lower()}",
                    heading=heading,
                    groups=groups,
                    choices=question.choices,
                    counts=cells,
                    totals=totals,
                    no_answer=False,
                )
            )
    elif question.kind == QuestionKind.FREE_TEXT:
        answered = sum(row[aliases.answered[slug]] for row in rows)
        counts = Counter({"answered": answered, None: total - answered})
        result.tables.append(
            distribution(
                key=key,
                title=question.text,
                heading="Answer",
                choices=[("answered", "Answered in words")],
                counts=counts,
                total=total,
                note="Free-text answers are read in the moderation queue or the export.",
            )
        )
    return result


def _centres_in(consultation) -> list[Centre]:
    centres = consultation.centres.all() or Centre.objects.all()
    return list(centres.order_by("district", "name"))


def _centres_broken_down(question, centres, rows, by_district) -> list[Table]:
    """The centres question by respondent type (centres down, types across) and by district."""
    cells = defaultdict(Counter)
    for row in rows:
        cells[row["centre"]][row["respondent_type"]] += row["n"]
    by_type = crosstab(
        key=f"q-{question.slug}-by-type",
        title="By respondent type",
        heading="Centre",
        groups=[(centre.pk, centre.name) for centre in centres],
        choices=RespondentType.choices,
        counts=cells,
        totals=sum_by(rows, lambda row: row["centre"]),
        no_answer=False,
    )
    named = Counter({district: n for district, n in by_district.items() if district})
    by_district_table = Table(
        key=f"q-{question.slug}-by-district",
        title="By district: responses naming at least one centre there",
        header=["District", "Responses"],
        rows=[[str(label), shown(named.get(value, 0), True)] for value, label in District.choices],
    )
    return [by_type, by_district_table]


def _centres(centres, rows, total) -> Table:
    by_centre = sum_by(rows, lambda row: row["centre"])
    organisations = sum_by([r for r in rows if kind_of(r["respondent_type"]) == "organisation"], lambda r: r["centre"])
    table = Table(
        key="centres",
        title="Centres chosen",
        header=["Centre", "District", "Responses naming it", "Percentage of responses", "Of them organisations"],
        note="A respondent may choose several centres. Each centre's own page breaks its responses down.",
    )
    for centre in centres:
        n = by_centre.get(centre.pk, 0)
        orgs = organisations.get(centre.pk, 0)
        table.rows.append([centre.name, centre.district, n, f"{round(100 * n / total)}%" if total else "0%", orgs])
        table.bars.append((centre.name, n))
        table.centre_slugs.append(centre.slug)
    return table


def _daily(rows) -> Table:
    table = Table(key="daily", title="Responses per day", header=["Day", "Responses"])
    for day, n in sorted(sum_by(rows, lambda row: row["day"]).items()):
        label = f"{day:%a %-d %b %Y}"
        table.rows.append([label, n])
        table.bars.append((label, n))
    return table
