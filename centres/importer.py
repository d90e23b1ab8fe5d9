"""Read and validate a centres CSV. Pure: no database writes happen here.

The file has the columns of ``centres/data/norfolk_childrens_centres_2018.csv``.
Every row is checked; a file with any bad row is rejected whole, with each
problem reported by line number, so a partial register is never loaded.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

from .models import District, Status

REQUIRED_COLUMNS = ("name", "district", "status_sept_2018", "status_jan_2019", "status_final")
STAGE_COLUMNS = {"sept-2018": "status_sept_2018", "jan-2019": "status_jan_2019", "final": "status_final"}
MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, columns, size)."""


@dataclass
class CentreRow:
    line: int
    name: str
    slug: str
    town: str
    district: str
    address: str
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    note: str
    sources: str
    statuses: dict[str, str] = field(default_factory=dict)


@dataclass
class ParseResult:
    rows: list[CentreRow]
    errors: list[str]


def _coordinate(value: str, low: int, high: int, label: str, errors: list[str], line: int) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors.append(f"Line {line}: {label} '{value}' is not a number.")
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.append(f"Line {line}: {label} {value} is outside {low} to {high}.")
        return None
    return number.quantize(Decimal("0.00001"))


def _parse_row(line: int, raw: dict[str, str], errors: list[str]) -> CentreRow:
    value = {k: (v or "").strip() for k, v in raw.items() if k is not None}
    name = value.get("name", "")
    if not name:
        errors.append(f"Line {line}: the centre has no name.")
    elif len(name) > 200:
        errors.append(f"Line {line}: the name is longer than 200 characters.")
    if value.get("district") not in District.values:
        errors.append(
            f"Line {line}: district '{value.get('district', '')}' is not one of Norfolk's seven districts "
            f"({', '.join(District.values)})."
        )
    statuses = {}
    for stage, column in STAGE_COLUMNS.items():
        status = value.get(column, "").lower()
        if status and status not in Status.values:
            errors.append(
                f"Line {line}: {column} '{value[column]}' must be one of {', '.join(Status.values)} or empty."
            )
        elif status:
            statuses[stage] = status
    if len(value.get("postcode", "")) > 10 or len(value.get("address", "")) > 300 or len(value.get("town", "")) > 200:
        errors.append(f"Line {line}: the town, address or postcode is too long.")
    return CentreRow(
        line=line,
        name=name,
        slug=slugify(name)[:200],
        town=value.get("town", ""),
        district=value.get("district", ""),
        address=value.get("address", ""),
        postcode=value.get("postcode", "").upper(),
        latitude=_coordinate(value.get("latitude", ""), -90, 90, "latitude", errors, line),
        longitude=_coordinate(value.get("longitude", ""), -180, 180, "longitude", errors, line),
        note=value.get("note", ""),
        sources="\n".join(s.strip() for s in value.get("source", "").split(" | ") if s.strip()),
        statuses=statuses,
    )


def parse_centres_csv(data: bytes) -> ParseResult:
    """Parse and validate the whole file; return its rows and every problem found."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError("The file is larger than 5 MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"The file is not UTF-8 text (byte {error.start} cannot be read).") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"The file has no {', '.join(missing)} column.")
    rows, errors, seen = [], [], {}
    try:
        for raw in reader:
            row = _parse_row(reader.line_num, raw, errors)
            if row.slug and row.slug in seen:
                errors.append(f"Line {row.line}: '{row.name}' repeats the centre on line {seen[row.slug]}.")
            seen.setdefault(row.slug, row.line)
            rows.append(row)
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num}: the CSV cannot be read ({error}).") from error
    if not rows and not errors:
        errors.append("The file has no centres in it.")
    return ParseResult(rows=rows, errors=errors)
