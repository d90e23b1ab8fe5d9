"""The Excel (.xlsx) file: the export's CSV, read back a row at a time, and the codebook.

The rows come from the CSV either path wrote, so the workbook holds exactly the CSV's
cells (the formula guard's leading quote included). XlsxWriter's constant_memory mode
writes each row to a temporary file as it goes, so memory stays flat however many rows.
Every cell is written as text: nothing is turned into a formula, a number or a link.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO

import xlsxwriter

# An Excel sheet holds at most this many rows, the header included.
SHEET_ROWS = 1_048_576


# The workbook's "created" property is fixed, so that the same responses make the same bytes
# (the operators' command and the download; XlsxWriter already dates the zip's parts 1980).
CREATED = datetime.datetime(2018, 9, 17, tzinfo=datetime.UTC)


def max_responses() -> int:
    """The most responses one XLSX export holds: a sheet's rows less the header."""
    return SHEET_ROWS - 1  # read at run time: the tests make it small


def write_xlsx(file: IO[bytes], csv_file: IO[bytes], codebook: Iterable[Sequence[str]]) -> None:
    """Write the workbook: sheet "Responses" from the CSV (binary, at its start), sheet "Codebook"."""
    workbook = xlsxwriter.Workbook(
        file,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    workbook.set_properties({"created": CREATED})
    bold = workbook.add_format({"bold": True})
    responses = workbook.add_worksheet("Responses")
    text = io.TextIOWrapper(csv_file, encoding="utf-8-sig", newline="")
    try:
        _write_sheet(responses, csv.reader(text), bold)
    finally:
        text.detach()  # the caller closes the CSV file
    _write_sheet(workbook.add_worksheet("Codebook"), codebook, bold)
    workbook.close()


def _write_sheet(sheet, rows: Iterable[Sequence[str]], bold) -> None:
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows):
        # write_row writes each string as text (strings_to_* are off); an empty cell stays empty.
        sheet.write_row(number, 0, row, bold if number == 0 else None)
