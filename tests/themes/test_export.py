"""The export's themes column: each response's theme codes, in code order, the same on both paths."""

import csv
import io

import pytest

from responses.exports.csv import Progress
from responses.exports.write import export_write_csv
from tests.databases import EXPORT_METHODS, postgresql_only
from tests.factories import ExportFactory, ResponseFactory
from themes import services


def _export(consultation, method) -> bytes:
    buffer = io.BytesIO()
    export_write_csv(export=ExportFactory(consultation=consultation), file=buffer, progress=Progress(), method=method)
    return buffer.getvalue()


def _coded_responses(consultation, analyst, travel, staffing):
    themes = [services.theme_create(consultation=consultation, name=f"Theme {n}", actor=analyst) for n in range(3, 11)]
    both = ResponseFactory(consultation=consultation, reference="NCC-AAAA-1111")
    services.response_code(response_id=both.pk, actor=analyst, add={staffing.pk, travel.pk, themes[-1].pk})
    ResponseFactory(consultation=consultation, reference="NCC-BBBB-2222")
    return both


@pytest.mark.parametrize("method", EXPORT_METHODS)
def test_the_export_lists_each_responses_theme_codes(demo_consultation, analyst, travel, staffing, method):
    _coded_responses(demo_consultation, analyst, travel, staffing)

    rows = list(csv.reader(io.StringIO(_export(demo_consultation, method).decode("utf-8-sig"), newline="")))

    column = rows[0].index("themes")
    assert {row[0]: row[column] for row in rows[1:]} == {"NCC-AAAA-1111": "T01; T02; T10", "NCC-BBBB-2222": ""}


@postgresql_only("COPY must give exactly the chunked path's bytes")
def test_the_themes_column_is_byte_identical_on_both_paths(demo_consultation, analyst, travel, staffing):
    _coded_responses(demo_consultation, analyst, travel, staffing)

    assert _export(demo_consultation, "copy") == _export(demo_consultation, "chunked")
