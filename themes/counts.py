"""How many responses each theme codes: overall, by respondent type and by district of a centre chosen.

``theme_counts(consultation, responses)`` is the one function the staff counts page and the
results pages use. ``responses`` narrows the count to some responses (a filtered list, the
approved ones); a response counts once per theme, however often it was coded and uncoded.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce

from consultation.models import Consultation

from .models import Coding, Theme


@dataclass
class ThemeCount:
    theme: Theme
    total: int = 0
    # For a theme with sub-themes: the responses coded with it or any of its sub-themes.
    with_subthemes: int = 0
    by_type: dict[str, int] = field(default_factory=dict)  # respondent type to count
    by_district: dict[str, int] = field(default_factory=dict)  # district ("" for none chosen) to count

    @property
    def is_subtheme(self) -> bool:
        return self.theme.parent_id is not None


@dataclass
class ThemeCounts:
    rows: list[ThemeCount]  # parents, each followed by its sub-themes, in code order
    coded: int  # responses with at least one theme

    def for_theme(self, theme_id: int) -> ThemeCount | None:
        return next((row for row in self.rows if row.theme.pk == theme_id), None)


def codebook_order(themes) -> list[Theme]:
    """Themes with each theme's sub-themes straight after it, in code order."""
    themes = sorted(themes, key=lambda t: t.number)
    children = defaultdict(list)
    for theme in themes:
        if theme.parent_id:
            children[theme.parent_id].append(theme)
    ordered = []
    for theme in themes:
        if theme.parent_id is None:
            ordered += [theme, *children[theme.pk]]
    return ordered


def theme_counts(consultation: Consultation, responses: QuerySet | None = None) -> ThemeCounts:
    """Counts of responses per theme of the consultation's codebook (four queries)."""
    codings = Coding.objects.filter(theme__consultation=consultation)
    if responses is not None:
        codings = codings.filter(response__in=responses.order_by().values("pk"))
    rows = {t.pk: ThemeCount(theme=t) for t in codebook_order(consultation.themes.all())}
    by_type = codings.values("theme_id", "response__respondent_type").annotate(n=Count("response_id"))
    for item in by_type:
        row = rows[item["theme_id"]]
        row.by_type[item["response__respondent_type"]] = item["n"]
        row.total += item["n"]
    by_district = codings.values("theme_id", district=F("response__centres__district")).annotate(
        n=Count("response_id", distinct=True)
    )
    for item in by_district:
        rows[item["theme_id"]].by_district[item["district"] or ""] = item["n"]
    families = codings.values(family=Coalesce("theme__parent_id", "theme_id")).annotate(
        n=Count("response_id", distinct=True)
    )
    for item in families:
        rows[item["family"]].with_subthemes = item["n"]
    coded = codings.values("response_id").distinct().count()
    return ThemeCounts(rows=list(rows.values()), coded=coded)
