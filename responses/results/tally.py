"""The results' counts as one tally: every sum a results page lays out, and nothing more.

The grouped queries in ``aggregation`` return joint rows (a row per respondent type, channel
and combination of answers). A page only ever adds them up one way at a time: by respondent
type, by channel, by one question's answer and respondent type, by district and one
question's answer, by centre, by day. ``tally`` folds the joint rows into exactly those sums,
keyed by tuples:

    ("n", respondent type, channel)                    responses
    (column, respondent type, answer)                  a grouped question's answers
    (column, respondent type, None)                    a counting column (an option, "answered")
    ("district", district) / ("district", district, column, answer)
    ("centre", centre id, respondent type)             responses naming the centre
    ("day", "YYYY-MM-DD")                              responses sent that day (London)
    ("state", state)                                   every state, the other filters applied

A tally is a Counter, so tallies add and subtract: a summary keeps one per slice (a centre, a
district, the days up to one day) and a range of days is one tally minus another. It is a few
thousand numbers however many responses were counted.
"""

import datetime
from collections import Counter, defaultdict

from responses.models import ORGANISATION_TYPES

from . import aggregation as sql

N, DISTRICT, CENTRE, DAY, STATE = "n", "district", "centre", "day", "state"


def kind_of(respondent_type: str) -> str:
    return "organisation" if respondent_type in ORGANISATION_TYPES else "individual"


def _count_columns(aliases: sql.Aliases) -> list[str]:
    return [*aliases.options.values(), *aliases.answered.values()]


def _day(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


def tally(aliases: sql.Aliases, *, cube=(), districts=(), centres=(), daily=(), states=None) -> Counter:
    """Fold the joint rows of the grouped queries into the sums a page reads."""
    grouped, counting = list(aliases.grouped.values()), _count_columns(aliases)
    sums = Counter()
    for row in cube:
        kind, n = row["respondent_type"], row["n"]
        sums[(N, kind, row["channel"])] += n
        for column in grouped:
            sums[(column, kind, row[column])] += n
        for column in counting:
            sums[(column, kind, None)] += row[column]
    for row in districts:
        district, n = row["district"], row["n"]
        sums[(DISTRICT, district)] += n
        for column in grouped:
            sums[(DISTRICT, district, column, row[column])] += n
        for column in counting:
            sums[(DISTRICT, district, column, None)] += row[column]
    for row in centres:
        sums[(CENTRE, row["centre"], row["respondent_type"])] += row["n"]
    for row in daily:
        sums[(DAY, _day(row["day"]))] += row["n"]
    for state, n in (states or {}).items():
        sums[(STATE, state)] += n
    return +sums  # no zeros: two tallies of the same responses are equal


def to_json(sums: Counter) -> list:
    return [[*key, n] for key, n in sums.items()]


def from_json(rows: list) -> Counter:
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


class Counts:
    """A tally, read the ways the results pages read it."""

    def __init__(self, sums: Counter, counted_at: datetime.datetime | None = None):
        self.sums = sums
        self.counted_at = counted_at  # set when read from a summary counted ahead

    def _where(self, length: int, first: str, pick) -> Counter:
        found = Counter()
        for key, n in self.sums.items():
            if len(key) == length and key[0] == first:
                found[pick(key)] += n
        return found

    @property
    def total(self) -> int:
        return sum(self._where(3, N, lambda key: 0).values())

    def by_type(self) -> Counter:
        return self._where(3, N, lambda key: key[1])

    def by_channel(self) -> Counter:
        return self._where(3, N, lambda key: key[2])

    def answers(self, column: str) -> Counter:
        """A grouped question's answers (None: no answer)."""
        return self._where(3, column, lambda key: key[2])

    def answers_by_type(self, column: str) -> dict[str, Counter]:
        cells = defaultdict(Counter)
        for (kind, answer), n in self._where(3, column, lambda key: (key[1], key[2])).items():
            cells[kind][answer] += n
        return cells

    def column_by_type(self, column: str) -> Counter:
        """A counting column (an option chosen, a question answered) by respondent type."""
        return self._where(3, column, lambda key: key[1])

    def column_total(self, column: str) -> int:
        return sum(self.column_by_type(column).values())

    def column_by_district(self, column: str) -> Counter:
        found = Counter()
        for key, n in self.sums.items():
            if len(key) == 4 and key[0] == DISTRICT and key[2] == column:
                found[key[1]] += n
        return found

    def by_district(self) -> Counter:
        return self._where(2, DISTRICT, lambda key: key[1])

    def answers_by_district(self, column: str) -> dict[object, Counter]:
        cells = defaultdict(Counter)
        for key, n in self.sums.items():
            if len(key) == 4 and key[0] == DISTRICT and key[2] == column:
                cells[key[1]][key[3]] += n
        return cells

    def centres(self) -> dict[int, Counter]:
        """Responses naming each centre (by id), by respondent type."""
        cells = defaultdict(Counter)
        for key, n in self.sums.items():
            if key[0] == CENTRE:
                cells[key[1]][key[2]] += n
        return cells

    def daily(self) -> Counter:
        return self._where(2, DAY, lambda key: datetime.date.fromisoformat(key[1]))

    def states(self) -> Counter:
        return self._where(2, STATE, lambda key: key[1])
