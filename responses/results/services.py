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
from .counting import kind_of
from .tables import Table, crosstab, distribution, net_agreement, shown, signed, sum_by
from .tally import Counts
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
    total = counts.total
    by_type = counts.by_type()
    states = counts.states()
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
            counts=counts.by_channel(),
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
            counts=sum_by(by_type.items(), lambda item: kind_of(item[0]), value=1),
            total=total,
            other_label=None,
        ),
    ]
    by_district = counts.by_district()
    question_results = [
        _question(question, aliases, counts, total=total, by_type=by_type, by_district=by_district)
        for question in questions
    ]
    centres = _centres_in(consultation)
    for result in question_results:
        if result.question.kind == QuestionKind.CENTRES:
            result.tables = _centres_broken_down(result.question, centres, counts.centres(), by_district)
    found = Results(
        total=total,
        totals=totals,
        questions=question_results,
        centres=_centres(centres, counts.centres(), total),
        daily=_daily(counts.daily()),
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


def _question(question, aliases, counts: Counts, *, total, by_type, by_district) -> QuestionResult:
    slug, result = question.slug, QuestionResult(question)
    key = f"q-{slug}"
    breakdowns = (
        ("type", "Respondent type", _groups_by_type(), by_type),
        ("district", "District", _groups_by_district(), by_district),
    )
    if question.kind in sql.GROUPED:
        column = aliases.grouped[slug]
        answers = counts.answers(column)
        is_agreement = question.kind == QuestionKind.AGREEMENT
        if is_agreement:
            result.net = signed(net_agreement(answers))
        result.tables.append(
            distribution(
                key=key, title=question.text, heading="Answer", choices=question.choices, counts=answers, total=total
            )
        )
        cells_by = {"type": counts.answers_by_type(column), "district": counts.answers_by_district(column)}
        for suffix, heading, groups, totals in breakdowns:
            result.tables.append(
                crosstab(
                    key=f"{key}-by-{suffix}",
                    title=f"By {heading.lower()}",
                    heading=heading,
                    groups=groups,
                    choices=question.choices,
                    counts=cells_by[suffix],
                    totals=totals,
                    with_net=is_agreement,
                )
            )
    elif question.kind == QuestionKind.MULTIPLE:
        _multiple(question, aliases, counts, result, total=total, breakdowns=breakdowns)
    elif question.kind == QuestionKind.FREE_TEXT:
        answered = counts.column_total(aliases.answered[slug])
        result.tables.append(
            distribution(
                key=key,
                title=question.text,
                heading="Answer",
                choices=[("answered", "Answered in words")],
                counts=Counter({"answered": answered, None: total - answered}),
                total=total,
                note="Free-text answers are read in the moderation queue or the export.",
            )
        )
    return result


def _multiple(question, aliases, counts: Counts, result: QuestionResult, *, total, breakdowns) -> None:
    slug, key = question.slug, f"q-{question.slug}"
    options = [(option, aliases.options[(slug, option)]) for option in question.options or []]
    chosen = Counter({option: counts.column_total(column) for option, column in options})
    chosen[None] = total - counts.column_total(aliases.answered[slug])
    result.tables.append(
        distribution(
            key=key,
            title=question.text,
            heading="Answer",
            choices=question.choices,
            counts=chosen,
            total=total,
            note="A respondent may choose several answers, so the percentages add up to more than 100.",
        )
    )
    for suffix, heading, groups, totals in breakdowns:
        cells = defaultdict(Counter)
        for option, column in options:
            by_group = counts.column_by_type(column) if suffix == "type" else counts.column_by_district(column)
            for group, n in by_group.items():
                cells[group][option] += n
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


def _centres_in(consultation) -> list[Centre]:
    centres = consultation.centres.all() or Centre.objects.all()
    return list(centres.order_by("district", "name"))


def _centres_broken_down(question, centres, cells: dict[int, Counter], by_district) -> list[Table]:
    """The centres question by respondent type (centres down, types across) and by district."""
    by_type = crosstab(
        key=f"q-{question.slug}-by-type",
        title="By respondent type",
        heading="Centre",
        groups=[(centre.pk, centre.name) for centre in centres],
        choices=RespondentType.choices,
        counts=cells,
        totals=Counter({centre: sum(types.values()) for centre, types in cells.items()}),
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


def _centres(centres, cells: dict[int, Counter], total) -> Table:
    by_centre = {centre: sum(types.values()) for centre, types in cells.items()}
    organisations = {
        centre: sum(n for kind, n in types.items() if kind_of(kind) == "organisation")
        for centre, types in cells.items()
    }
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


def _daily(by_day: Counter) -> Table:
    table = Table(key="daily", title="Responses per day", header=["Day", "Responses"])
    for day, n in sorted(by_day.items()):
        label = f"{day:%a %-d %b %Y}"
        table.rows.append([label, n])
        table.bars.append((label, n))
    return table
