"""The themes of the counted responses, as results tables: overall, by respondent type, by district.

The counts come from ``themes.services.theme_counts`` (a few grouped queries), narrowed to the
responses the filters keep. Overall counts are totals of the chosen set and shown as they are;
the breakdowns hide counts of 1 to 4 as the other breakdowns do.
"""

from collections import Counter

from django.db.models import QuerySet

from centres.models import District
from consultation.models import Consultation
from responses.models import RespondentType
from themes.services import ThemeCounts, theme_counts

from .tables import Table, crosstab, percent

NO_CENTRE = "No centre chosen"


def label(row, codes: dict[int, str]) -> str:
    theme = row.theme
    if row.is_subtheme:
        return f"{theme.code} {theme.name} (under {codes[theme.parent_id]})"
    return f"{theme.code} {theme.name}"


def theme_tables(consultation: Consultation, responses: QuerySet, total: int) -> tuple[list[Table], ThemeCounts]:
    """(the three theme tables, the counts); no tables when the codebook has no themes."""
    counts = theme_counts(consultation, responses)
    if not counts.rows:
        return [], counts
    parents = {row.theme.parent_id for row in counts.rows if row.is_subtheme}
    codes = {row.theme.pk: row.theme.code for row in counts.rows}
    overall = Table(
        key="themes",
        title="Responses coded with each theme",
        header=["Theme", "Responses", "Percentage", "With its sub-themes"],
        note=(
            f"A response may have several themes, so the percentages can add up to more than 100. "
            f"{counts.coded} of the {total} responses counted have at least one theme."
        ),
    )
    groups, totals, by_type, by_district = [], Counter(), {}, {}
    for row in counts.rows:
        name = label(row, codes)
        family = row.with_subthemes if row.theme.pk in parents else ""
        overall.rows.append([name, row.total, percent(row.total, total), family])
        overall.bars.append((name, row.total))
        groups.append((row.theme.pk, name))
        totals[row.theme.pk] = row.total
        by_type[row.theme.pk] = Counter(row.by_type)
        by_district[row.theme.pk] = Counter(row.by_district)
    breakdowns = [
        crosstab(
            key=f"themes-by-{suffix}",
            title=f"Themes by {heading}",
            heading="Theme",
            groups=groups,
            choices=choices,
            counts=cells,
            totals=totals,
            no_answer=False,
        )
        for suffix, heading, choices, cells in (
            ("type", "respondent type", RespondentType.choices, by_type),
            ("district", "district of a centre chosen", [*District.choices, ("", NO_CENTRE)], by_district),
        )
    ]
    return [overall, *breakdowns], counts
