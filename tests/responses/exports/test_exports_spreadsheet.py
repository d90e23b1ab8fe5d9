"""An export opened in a real spreadsheet (LibreOffice Calc, headless), as an analyst would open it.

The CSV is converted to an OpenDocument spreadsheet and the cells are read back from it:
one row per response, answers with line breaks kept in their cell, and no cell run as a formula.
"""

import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from responses.exports.csv import ExportLayout, Progress
from responses.exports.write import export_write, export_write_csv
from responses.models import ExportFormat
from tests.databases import EXPORT_METHODS as METHODS
from tests.factories import ExportFactory, ResponseFactory
from tests.responses.exports.test_exports import HEADER, TRICKY_TEXTS

pytestmark = [pytest.mark.spreadsheet]

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# Comma-separated, double quotes, UTF-8 (76), from the first line: what Calc's import dialog offers
# for our files. The dialog preselects UTF-8 whenever a file starts with a UTF-8 byte-order mark,
# whatever character set was used last (docs/decisions/0015-analyst-exports.md); headless, with no
# dialog, the character set must be given.
CSV_IMPORT = "CSV:44,34,76,1"
FORMULA_TEXTS = ["=1+1", "+44 1603 222222", "-3", "@SUM(A1)", "\tTabbed", "\rReturned", '=HYPERLINK("x")']

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
TABLE, TEXT = (f"{{{NS[prefix]}}}" for prefix in ("table", "text"))


def _inline(element) -> str:
    """The text of a paragraph, with OpenDocument's space, tab and line-break elements."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def spreadsheet_cells(ods: Path) -> list[list[dict]]:
    """Each row's cells as {"text": what the cell shows, "formula": its formula or None}."""
    with zipfile.ZipFile(ods) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    rows = []
    first_sheet = next(root.iter(f"{TABLE}table"))
    for row in first_sheet.iter(f"{TABLE}table-row"):
        cells = []
        for cell in row.findall(f"{TABLE}table-cell"):
            value = {
                "text": "\n".join(_inline(p) for p in cell.findall(f"{TEXT}p")),
                "formula": cell.get(f"{TABLE}formula"),
            }
            repeated = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
            # An empty run to the sheet's last column (an Excel file's) is cut short.
            cells += [value] * (repeated if value["text"] else min(repeated, 100))
        repeated = int(row.get(f"{TABLE}number-rows-repeated", "1"))
        rows += [cells] * (repeated if any(cell["text"] for cell in cells) else min(repeated, 1))
    while rows and not any(cell["text"] for cell in rows[-1]):
        rows.pop()  # a sheet may end with a run of empty rows
    return rows


def open_in_calc(csv_bytes: bytes, folder: Path, suffix: str = "csv") -> list[list[dict]]:
    source = folder / f"export.{suffix}"
    source.write_bytes(csv_bytes)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # its own profile: runs side by side
            "--headless",
            *([f"--infilter={CSV_IMPORT}"] if suffix == "csv" else []),
            "--convert-to",
            "ods",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return spreadsheet_cells(folder / "export.ods")


def one_line(text: str) -> str:
    # A spreadsheet cell has lines, not line endings: Windows and old Mac endings become one break.
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("method", METHODS)
def test_an_export_opens_in_a_spreadsheet_one_row_a_response_with_line_breaks_and_no_formulas(
    demo_consultation, method, tmp_path
):
    for n, text in enumerate(TRICKY_TEXTS):
        ResponseFactory(
            consultation=demo_consultation,
            submitted_at=datetime.datetime(2018, 10, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=n),
            organisation_name=FORMULA_TEXTS[n % len(FORMULA_TEXTS)],
            answers={"impact": text, "anything_else": FORMULA_TEXTS[n % len(FORMULA_TEXTS)]},
        )
    export = ExportFactory(consultation=demo_consultation)
    buffer = io.BytesIO()
    export_write_csv(export=export, file=buffer, progress=Progress(), method=method)

    rows = open_in_calc(buffer.getvalue(), tmp_path)

    assert [cell["text"] for cell in rows[0]][: len(HEADER.split(","))] == HEADER.split(",")
    assert len(rows) == 1 + len(TRICKY_TEXTS)  # a line break inside an answer did not start a new row
    header = rows[0]
    column = {cell["text"]: n for n, cell in enumerate(header)}
    assert [row[column["impact"]]["text"] for row in rows[1:]] == [one_line(text) for text in TRICKY_TEXTS]
    assert [row[column["reference"]]["text"] for row in rows[1:]] == list(
        demo_consultation.responses.order_by("submitted_at", "id").values_list("reference", flat=True)
    )
    assert [cell for row in rows for cell in row if cell["formula"]] == []
    shown = [row[column["anything_else"]]["text"] for row in rows[1:]]
    expected = [FORMULA_TEXTS[n % len(FORMULA_TEXTS)] for n in range(len(TRICKY_TEXTS))]
    assert shown == [one_line("'" + text) for text in expected]


def test_without_the_quote_calc_would_run_the_cell_as_a_formula(tmp_path):
    """The check above can fail: an unprotected cell does become a formula in Calc."""
    layout = ExportLayout(questions=())
    raw = ("\ufeff" + ",".join(layout.header) + "\r\nNCC-1,=1+1\r\n").encode()

    rows = open_in_calc(raw, tmp_path)

    assert rows[1][1]["formula"] == "of:=1+1"
    assert rows[1][1]["text"] == "2"


POUNDS = "It costs £5 a week; Cymraeg: ŵ ŷ; 👶"


def test_calc_shows_the_header_and_pound_signs_as_written_in_the_csv_and_the_excel_file(demo_consultation, tmp_path):
    ResponseFactory(consultation=demo_consultation, organisation_name="£1 Club", answers={"impact": POUNDS})
    files = {}
    for file_format in ExportFormat.values:
        buffer = io.BytesIO()
        export = ExportFactory(consultation=demo_consultation, format=file_format)
        export_write(export=export, file=buffer, progress=Progress())
        files[file_format] = buffer.getvalue()
    assert files["csv"].startswith(b"\xef\xbb\xbfreference,")  # the mark that makes Calc and Excel read UTF-8

    for file_format, content in files.items():
        (folder := tmp_path / file_format).mkdir()
        header, row = [[cell["text"] for cell in cells] for cells in open_in_calc(content, folder, file_format)]
        cells = dict(zip(header, row, strict=False))
        assert header[0] == "reference"  # not "ï»¿reference"
        assert (cells["organisation_name"], cells["impact"]) == ("£1 Club", POUNDS)
