"""Writing an export's rows to a file: its columns, which responses, and by COPY or in chunks.

Both paths give the same bytes.
"""

from dataclasses import asdict
from typing import IO, Literal

from django.db import connection

from centres.models import Centre
from consultation.models import CENTRE_NOT_LISTED_LABEL, OTHER, QuestionKind
from responses.filters import EXPORT_FILTERS, ResponseFilterSet
from responses.models import Export, Response

from . import csv as export_csv  # PROGRESS_EVERY is read at run time (tests change it)
from .copy import write_by_copy
from .csv import (
    RECORD_FIELDS,
    ExportFilters,
    ExportLayout,
    Progress,
    QuestionColumn,
    record_cells,
    write_header,
    write_rows,
)

CHUNK_SIZE = 2000


Method = Literal["copy", "chunked"]


def export_layout(export: Export) -> ExportLayout:
    questions = export.consultation.questions.order_by("order")
    centres = list(Centre.objects.values_list("id", "slug", "name"))
    columns = []
    for question in questions:
        columns.append(
            QuestionColumn(
                question.slug,
                is_centre_picker=question.kind == QuestionKind.CENTRES,
                is_list=question.kind in (QuestionKind.CENTRES, QuestionKind.MULTIPLE),
            )
        )
        if question.has_other:
            # The text typed beside "Other" or "My centre is not listed", in a column of its own.
            columns.append(QuestionColumn(question.other_key))
    return ExportLayout(
        questions=tuple(columns),
        include_personal_data=export.include_personal_data,
        centre_names={slug: name for _, slug, name in centres} | {OTHER: str(CENTRE_NOT_LISTED_LABEL)},
        centre_ids={pk: name for pk, _, name in centres},
    )


def export_responses(export: Export):
    """The responses an export holds, filtered as the analyst chose (the chunked path)."""
    filters = ExportFilters.from_json(export.filters)
    responses = Response.objects.filter(consultation_id=export.consultation_id)
    # The choices were checked when the export was asked for; the queue's filters apply them.
    return ResponseFilterSet(queryset=responses, fields=EXPORT_FILTERS).apply(responses, asdict(filters))


def export_write_csv(*, export: Export, file: IO[bytes], progress: Progress, method: Method | None = None) -> int:
    """Write the export's CSV to a binary file and return the number of rows.

    PostgreSQL builds the rows itself through COPY; elsewhere (or with
    method="chunked") they are built in Python a chunk at a time. Both give
    the same bytes.
    """
    layout = export_layout(export)
    expected = export_responses(export).count()
    progress.expected(expected)
    write_header(file, layout)
    if method is None:
        method = "copy" if connection.vendor == "postgresql" else "chunked"
    if method == "copy":
        return write_by_copy(export, layout, file, progress, expected)
    return _write_in_chunks(export, layout, file, progress)


def _write_in_chunks(export: Export, layout, file: IO[bytes], progress: Progress) -> int:
    responses = export_responses(export).order_by("submitted_at", "id").values(*RECORD_FIELDS)
    through = Response.centres.through
    written, after = 0, None
    while True:
        page = responses
        if after is not None:
            page = page.filter(submitted_at__gte=after[0]).exclude(submitted_at=after[0], id__lte=after[1])
        chunk = list(page[:CHUNK_SIZE])
        if not chunk:
            return written
        used: dict[int, list[str]] = {}
        links = through.objects.filter(response_id__in=[r["id"] for r in chunk]).values_list("response_id", "centre_id")
        for response_id, centre_id in links:
            used.setdefault(response_id, []).append(layout.centre_ids[centre_id])
        rows = (record_cells(layout, r, used.get(r["id"], ())) for r in chunk)
        write_rows(file, rows)
        for _row in chunk:
            written += 1
            if written % export_csv.PROGRESS_EVERY == 0:
                progress.written(written)
        after = (chunk[-1]["submitted_at"], chunk[-1]["id"])
