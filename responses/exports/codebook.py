"""The codebook: what every column of an export holds, every question's full text, every code's label.

The same rows make the XLSX's second sheet and the CSV codebook offered beside a CSV export.
"""

from typing import IO

from django.utils.translation import gettext as _

from consultation.models import QuestionKind

from .csv import BOM, ExportLayout, QuestionColumn, write_rows

HEADER = ["column", "meaning", "code", "label"]


def _question_meaning(question: QuestionColumn) -> str:
    kind = {
        QuestionKind.AGREEMENT: _("Agreement scale: one code."),
        QuestionKind.SINGLE: _("Single choice: the option chosen."),
        QuestionKind.MULTIPLE: _("Multiple choice: the options chosen, joined with “; ”."),
        QuestionKind.CENTRES: _("Centre picker: the names of the centres chosen, joined with “; ”."),
        QuestionKind.FREE_TEXT: _(
            "Free text. Without personal data, as published: a moderator's redactions show as [redacted]."
        ),
    }.get(question.kind, "")
    return f"{_('Question')}: {question.text} {kind}".strip()


def codebook_rows(layout: ExportLayout) -> list[list[str]]:
    """One row a column (its name and meaning), then one row a code (its value and label)."""
    rows = [HEADER]
    for column in layout.leading:
        rows.append([column.name, str(column.description), "", ""])
        rows += [[column.name, "", code, str(label)] for code, label in column.codes]
    for question in layout.questions:
        rows.append([question.slug, _question_meaning(question), "", ""])
        rows += [[question.slug, "", code, str(label)] for code, label in question.codes]
    for column in layout.trailing:
        rows.append([column.name, str(column.description), "", ""])
        rows += [[column.name, "", code, str(label)] for code, label in column.codes]
    return rows


def write_codebook_csv(file: IO[bytes], layout: ExportLayout) -> None:
    """The codebook as a CSV file, written as the export is (BOM, quoting, formula guard)."""
    file.write(BOM)
    write_rows(file, codebook_rows(layout))
