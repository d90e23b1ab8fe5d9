"""Writing an export's rows to a file: its columns, which responses, and by COPY or in chunks.

Both paths give the same bytes.
"""

import tempfile
from dataclasses import asdict
from typing import IO, Literal

from django.db import connections

from centres.models import Centre
from config.replica import replica_reads
from consultation.models import CENTRE_NOT_LISTED_LABEL, OTHER, QuestionKind
from responses.filters import EXPORT_FILTERS, ResponseFilterSet
from responses.models import Export, ExportFormat, Response
from themes.export import theme_codes

from . import csv as export_csv  # PROGRESS_EVERY is read at run time (tests change it)
from .codebook import codebook_rows
from .copy import write_by_copy
from .csv import (
    RECORD_FIELDS,
    ExportFilters,
    ExportLayout,
    Progress,
    QuestionColumn,
    neutralise,
    record_cells,
    write_header,
    write_rows,
)
from .xlsx import max_responses, write_xlsx

CHUNK_SIZE = 2000


class TooManyRows(Exception):
    """More responses than the file can hold (an Excel sheet's rows)."""

    def __init__(self, rows: int, most: int):
        super().__init__(f"{rows} rows, at most {most}")
        self.rows, self.most = rows, most


Method = Literal["copy", "chunked"]


def export_layout(export: Export) -> ExportLayout:
    questions = export.consultation.questions.order_by("order")
    centres = Centre.objects.values_list("slug", "name")
    columns = []
    for question in questions:
        columns.append(
            QuestionColumn(
                question.slug,
                is_centre_picker=question.kind == QuestionKind.CENTRES,
                is_list=question.kind in (QuestionKind.CENTRES, QuestionKind.MULTIPLE),
                text=question.text,
                kind=question.kind,
                codes=tuple(question.choices) if question.kind != QuestionKind.CENTRES else (),
            )
        )
        if question.has_other:
            # The text typed beside "Other" or "My centre is not listed", in a column of its own.
            columns.append(QuestionColumn(question.other_key, text=f"{question.text} (other: the text typed)"))
    return ExportLayout(
        questions=tuple(columns),
        include_personal_data=export.include_personal_data,
        centre_names=dict(centres) | {OTHER: str(CENTRE_NOT_LISTED_LABEL)},
    )


def export_responses(export: Export):
    """The responses an export holds, filtered as the analyst chose (the chunked path)."""
    filters = ExportFilters.from_json(export.filters)
    responses = Response.objects.filter(consultation_id=export.consultation_id)
    # The choices were checked when the export was asked for; the queue's filters apply them.
    return ResponseFilterSet(queryset=responses, fields=EXPORT_FILTERS).apply(responses, asdict(filters))


def export_write(*, export: Export, file: IO[bytes], progress: Progress, method: Method | None = None) -> int:
    """Write the export's file in its format (CSV or XLSX) and return the number of rows.

    An XLSX file is made from the CSV, written first to a temporary file: the same
    cells, whichever path made them. More responses than a sheet holds raise
    ``TooManyRows`` before any row is written.
    """
    if export.format != ExportFormat.XLSX:
        return export_write_csv(export=export, file=file, progress=progress, method=method)
    with tempfile.TemporaryFile(prefix="export-csv-") as rows_file:
        rows = export_write_csv(
            export=export, file=rows_file, progress=progress, method=method, max_rows=max_responses()
        )
        rows_file.seek(0)
        codebook = [[neutralise(cell) for cell in row] for row in codebook_rows(export_layout(export))]
        write_xlsx(file, rows_file, codebook)
    return rows


def export_write_csv(
    *, export: Export, file: IO[bytes], progress: Progress, method: Method | None = None, max_rows: int | None = None
) -> int:
    """Write the export's CSV to a binary file and return the number of rows.

    PostgreSQL builds the rows itself through COPY; elsewhere (or with
    method="chunked") they are built in Python a chunk at a time. Both give
    the same bytes. With ``max_rows``, more responses than that raise
    ``TooManyRows`` before anything is written.
    """
    # The rows are read from the read replica when there is one and it has caught up with the
    # moment the export starts (config/replica.py); progress is written to the primary.
    with replica_reads(up_to_date=True, what=f"export {export.pk} reads") as alias:
        layout = export_layout(export)
        expected = export_responses(export).count()
        if max_rows is not None and expected > max_rows:
            raise TooManyRows(expected, max_rows)
        progress.expected(expected)
        write_header(file, layout)
        if method is None:
            method = "copy" if connections[alias].vendor == "postgresql" else "chunked"
        if method == "copy":
            return write_by_copy(export, layout, file, progress, expected, using=alias)
        return _write_in_chunks(export, layout, file, progress)


def _write_in_chunks(export: Export, layout, file: IO[bytes], progress: Progress) -> int:
    responses = export_responses(export).order_by("submitted_at", "id").values(*RECORD_FIELDS)
    written, after = 0, None
    while True:
        page = responses
        if after is not None:
            page = page.filter(submitted_at__gte=after[0]).exclude(submitted_at=after[0], id__lte=after[1])
        chunk = list(page[:CHUNK_SIZE])
        if not chunk:
            return written
        codes = theme_codes(r["id"] for r in chunk)
        rows = (record_cells(layout, r | {"themes": codes.get(r["id"], "")}) for r in chunk)
        write_rows(file, rows)
        for _row in chunk:
            written += 1
            if written % export_csv.PROGRESS_EVERY == 0:
                progress.written(written)
        after = (chunk[-1]["submitted_at"], chunk[-1]["id"])
