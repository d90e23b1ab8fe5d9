"""Every respondent's equality answers as a CSV file, for officers with the personal-data permission.

Kept out of the responses export on purpose (docs/decisions/0018-equality-monitoring.md):
special category data travel in a file of their own, joined to a response only by its
reference, and that export's two byte-identical paths stay as they are.
"""

import csv
import io
from collections.abc import Iterator

from consultation.models import Consultation

from .choices import QUESTIONS
from .models import EqualityAnswers

BOM = "\ufeff"
COLUMNS = ("reference", "moderation_state", *QUESTIONS)


def equality_rows(consultation: Consultation) -> Iterator[str]:
    """The file's text, a row at a time: the header, then one row per response that answered."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def row(cells) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + row(COLUMNS)
    answers = (
        EqualityAnswers.objects.filter(response__consultation=consultation)
        .select_related("response")
        .order_by("response__submitted_at", "response__pk")
    )
    for item in answers.iterator(chunk_size=2000):
        labels = [_label(item, name) for name in QUESTIONS]
        yield row([item.response.reference, item.response.state, *labels])


def _label(item: EqualityAnswers, name: str) -> str:
    value = getattr(item, name)
    return str(QUESTIONS[name][2](value).label) if value else ""
