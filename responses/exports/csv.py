"""Building the CSV of responses: the columns, the Python rows and the SQL for COPY.

Two paths make the same bytes. ``write_rows`` turns plain response records into
CSV rows (SQLite, and PostgreSQL when asked); ``copy_select`` is one SELECT that
PostgreSQL turns into CSV itself with ``COPY (...) TO STDOUT WITH CSV``. Every
rule below exists twice, once in Python and once in SQL, and the tests compare
the two byte for byte.

The file is UTF-8 with a byte-order mark (so spreadsheets read the encoding
right), quoted as RFC 4180 says, one row per response, CRLF between rows."""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from .columns import (  # noqa: F401 (the names other modules and tests read from here)
    LEADING,
    LONDON,
    NO,
    PERSONAL,
    RECORD_FIELDS,
    SEPARATOR,
    TRAILING,
    YES,
    Column,
    format_submitted_at,
)

BOM = "\ufeff".encode()


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class QuestionColumn:
    slug: str
    is_centre_picker: bool = False
    is_list: bool = False  # its answers are usually lists (multiple choice, centre picker)
    text: str = ""  # the question as asked, for the codebook
    kind: str = ""
    codes: tuple[tuple[str, str], ...] = ()  # (value, label) of its choices


@dataclass(frozen=True)
class ExportFilters:
    """Which responses an export holds, as its row keeps them (JSON). Empty values mean "any".

    The fields are those of ``responses.filters.EXPORT_FILTERS``, applied by the same
    ResponseFilterSet as the queue's (``write.export_responses``) or by ``sql._filter_sql``."""

    state: str = ""
    respondent_type: str = ""
    channel: str = ""
    centre: str = ""  # a centre slug
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None  # inclusive
    include_withdrawn: bool = False  # withdrawn responses are left out unless asked for

    @classmethod
    def from_json(cls, data: Mapping) -> "ExportFilters":
        days = ("submitted_from", "submitted_to")
        dates = {key: datetime.date.fromisoformat(data[key]) for key in days if data.get(key)}
        strings = {key: str(data.get(key) or "") for key in ("state", "respondent_type", "channel", "centre")}
        return cls(**strings, **dates, include_withdrawn=bool(data.get("include_withdrawn")))

    def to_json(self) -> dict:
        items = asdict(self).items()
        return {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in items}


@dataclass(frozen=True)
class ExportLayout:
    """The columns of one export and what is needed to fill them."""

    questions: tuple[QuestionColumn, ...]
    include_personal_data: bool = False
    centre_names: Mapping[str, str] = field(default_factory=dict)  # slug to name

    @property
    def leading(self) -> tuple[Column, ...]:
        return LEADING

    @property
    def trailing(self) -> tuple[Column, ...]:
        return TRAILING + (PERSONAL if self.include_personal_data else ())

    @property
    def header(self) -> list[str]:
        return [*(c.name for c in self.leading), *(q.slug for q in self.questions), *(c.name for c in self.trailing)]


def neutralise(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula by prefixing a quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _json_text(value) -> str | None:
    # The text PostgreSQL gives for a JSON value (->> and jsonb_array_elements_text).
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def answer_text(value, centre_names: Mapping[str, str] | None = None) -> str:
    """One answer as a cell: lists joined with "; ", centre slugs as names."""
    items = value if isinstance(value, list) else [value]
    texts = [text for text in map(_json_text, items) if text is not None]
    if centre_names is not None:
        texts = [centre_names.get(text, text) for text in texts]
    return SEPARATOR.join(texts)


def record_cells(layout: ExportLayout, record: Mapping) -> list[str]:
    """The cells of one response, before neutralising."""
    answers = record["answers"] if isinstance(record["answers"], dict) else {}
    if record.get("published_fields") and not layout.include_personal_data:
        answers = answers | record["published_fields"]  # free text as published
    cells = [column.cell(record, layout) for column in layout.leading]
    for question in layout.questions:
        names = layout.centre_names if question.is_centre_picker else None
        cells.append(answer_text(answers.get(question.slug), names))
    cells += [column.cell(record, layout) for column in layout.trailing]
    return cells


def csv_writer(stream: io.TextIOBase):
    return csv.writer(stream, lineterminator="\r\n")


def write_header(binary_file, layout: ExportLayout) -> None:
    binary_file.write(BOM)
    write_rows(binary_file, [layout.header])


def write_rows(binary_file, rows: Iterable[Sequence[str]]) -> None:
    """Write rows of cells, each neutralised, as UTF-8 CSV."""
    text = io.TextIOWrapper(binary_file, encoding="utf-8", newline="", write_through=True)
    writer = csv_writer(text)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    text.detach()  # leave the binary file open for the caller


# Progress is reported every this many rows.
PROGRESS_EVERY = 10_000


class Progress:
    """Where a running export reports rows: ``expected(n)`` once, then ``written(n)``."""

    def expected(self, rows: int) -> None: ...

    def written(self, rows: int) -> None: ...
