"""Horizontal bar charts drawn on the server as SVG: readable without JavaScript.

``bar_chart`` turns a table's bars into geometry; ``templates/results/includes/chart.html``
draws it with SVG presentation attributes only (the CSP forbids inline style). Colours are
the GOV.UK palette. Each chart carries a title and a description that reads every bar, and
its numbers are in the table beside it.
"""

from dataclasses import dataclass

FEWER_THAN = "fewer than 5"

WIDTH = 640
ROW = 44  # each bar: its label above, the bar below
BAR = 18
LABEL_GAP = 16
VALUE_SPACE = 110  # room after the longest bar for its number
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
GREY = "#505a5f"


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    label_y: int
    bar_y: int
    width: float | None
    value_x: float
    value_y: int


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    colour: str = BLUE
    text: str = TEXT
    muted: str = GREY


def bar_chart(*, key: str, title: str, values: list[tuple[str, int | None]]) -> Chart | None:
    """A chart of (label, count or None when hidden) bars, or None when there are none."""
    if not values:
        return None
    largest = max((value or 0 for _, value in values), default=0) or 1
    scale = (WIDTH - VALUE_SPACE) / largest
    bars = []
    for i, (label, value) in enumerate(values):
        top = i * ROW
        width = None if value is None else round(value * scale, 1)
        bars.append(
            Bar(
                label=label,
                text=FEWER_THAN if value is None else f"{value:,}",
                label_y=top + LABEL_GAP - 2,
                bar_y=top + LABEL_GAP + 4,
                width=width,
                value_x=(width or 0) + 6,
                value_y=top + LABEL_GAP + 4 + BAR - 4,
            )
        )
    readings = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return Chart(
        ident=f"chart-{key}",
        title=f"Bar chart: {title}",
        description=f"Number of responses in each row. {readings}.",
        width=WIDTH,
        height=len(bars) * ROW + 4,
        bars=bars,
    )
