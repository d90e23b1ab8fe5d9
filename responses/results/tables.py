"""Tables of counts, ready for the page, the chart and the CSV download.

A table is what the analyst reads: a header and rows of words and numbers. Tables that
break the responses down by a small group (respondent type, district, a centre) hide
counts of 1 to 4 as "fewer than 5", with their percentages, so that nobody can be picked
out of a small group; totals of the whole set are shown as they are.
"""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .charts import FEWER_THAN, Chart, bar_chart

SUPPRESS_BELOW = 5
NO_ANSWER = "No answer"
AGREE = ("strongly_agree", "agree")
DISAGREE = ("disagree", "strongly_disagree")


@dataclass
class Table:
    key: str  # unique on the page: the CSV download's name
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    # (label, count or None when hidden) for a bar chart; empty: no chart.
    bars: list[tuple[str, int | None]] = field(default_factory=list)
    note: str = ""
    # A centre's slug for each row, when each row links to that centre's page.
    centre_slugs: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[str, object, list]]:
        """(centre slug or "", row label, the other cells) for each row, for the page."""
        slugs = self.centre_slugs or [""] * len(self.rows)
        return [(slug, row[0], row[1:]) for slug, row in zip(slugs, self.rows, strict=True)]

    @property
    def chart(self) -> Chart | None:
        return bar_chart(key=self.key, title=self.title, values=self.bars)

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()


def hidden(count: int, suppress: bool) -> bool:
    return suppress and 0 < count < SUPPRESS_BELOW


def shown(count: int, suppress: bool):
    """The count, or "fewer than 5" when it must be hidden."""
    return FEWER_THAN if hidden(count, suppress) else count


def percent(count: int, total: int, suppress: bool = False) -> str:
    if hidden(count, suppress):
        return ""
    return f"{round(100 * count / total)}%" if total else "0%"


def net_agreement(counts: Counter) -> int | None:
    """Agree minus disagree, in percentage points of those who answered (None: nobody did)."""
    answered = sum(n for value, n in counts.items() if value not in (None, ""))
    if not answered:
        return None
    agree = sum(counts[value] for value in AGREE)
    disagree = sum(counts[value] for value in DISAGREE)
    return round(100 * (agree - disagree) / answered)


def signed(points: int | None) -> str:
    if points is None:
        return "No answers"
    return f"{'+' if points > 0 else '−' if points < 0 else ''}{abs(points)} points"


def sum_by(rows: Iterable[dict], key: Callable[[dict], object], value: str = "n") -> Counter:
    """Add up a column of grouped rows by a key: the grouped rows are few, never one per response."""
    totals = Counter()
    for row in rows:
        totals[key(row)] += row[value]
    return totals


def distribution(
    *,
    key: str,
    title: str,
    heading: str,
    choices: list[tuple[str, str]],
    counts: Counter,
    total: int,
    suppress: bool = False,
    other_label: str | None = NO_ANSWER,
    note: str = "",
) -> Table:
    """One row per choice (in the choices' order) with its count and share of ``total``."""
    table = Table(key=key, title=title, header=[heading, "Responses", "Percentage"], note=note)
    known = {value for value, _ in choices}
    rows = [(str(label), counts.get(value, 0)) for value, label in choices]
    # Answers no longer offered (a changed option) are still counted, under their own words.
    rows += [(str(value), n) for value, n in counts.items() if value not in known and value not in (None, "") and n]
    if other_label:
        rows.append((other_label, sum(n for value, n in counts.items() if value in (None, ""))))
    for label, n in rows:
        table.rows.append([label, shown(n, suppress), percent(n, total, suppress)])
        table.bars.append((label, None if hidden(n, suppress) else n))
    return table


def crosstab(
    *,
    key: str,
    title: str,
    heading: str,
    groups: list[tuple[object, str]],
    choices: list[tuple[str, str]],
    counts: dict[object, Counter],
    totals: Counter,
    with_net: bool = False,
    no_answer: bool = True,
) -> Table:
    """Groups down, answers across, small counts hidden (a breakdown can single people out)."""
    header = [heading, "Responses", *(str(label) for _, label in choices)]
    header += [NO_ANSWER] if no_answer else []
    header += ["Net agreement"] if with_net else []
    table = Table(key=key, title=title, header=header)
    for group, label in groups:
        total = totals.get(group, 0)
        if not total:
            continue
        cells = counts.get(group, Counter())
        row = [str(label), shown(total, True), *(shown(cells.get(value, 0), True) for value, _ in choices)]
        if no_answer:
            row.append(shown(sum(n for value, n in cells.items() if value in (None, "")), True))
        if with_net:
            row.append("" if hidden(total, True) else signed(net_agreement(cells)))
        table.rows.append(row)
    return table
