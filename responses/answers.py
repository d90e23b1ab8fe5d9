"""Answers laid out for reading: question text beside the labels of what was chosen.

Officers see the original text with redacted passages marked; the public sees the
redacted text only. Both come from ``answer_rows``; it runs no queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from consultation.models import CENTRE_NOT_LISTED_LABEL, OTHER, OTHER_LABEL, Consultation, Question, QuestionKind
from responses import redaction
from responses.models import Consent


@dataclass
class AnswerRow:
    slug: str
    question: str
    kind: str
    labels: list[str] = field(default_factory=list)
    # Free text: (piece, is_redacted) for officers, or the published string.
    pieces: list[tuple[str, bool]] = field(default_factory=list)
    text: str = ""

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.FREE_TEXT

    @property
    def is_empty(self) -> bool:
        return not (self.labels or self.pieces or self.text)


def spans_by_field(redactions) -> dict[str, list[tuple[int, int]]]:
    spans = defaultdict(list)
    for item in redactions:
        spans[item.field].append((item.start, item.end))
    return spans


def answer_rows(
    *, questions, answers: dict, centre_names: dict[str, str], spans: dict, public: bool, hide_names: list[str] = ()
) -> list[AnswerRow]:
    """The answers in words; with ``public``, free text redacted, also hiding ``hide_names`` (see ``hidden_names``)."""
    rows = []
    for question in questions:
        value = answers.get(question.slug)
        row = AnswerRow(slug=question.slug, question=question.text, kind=question.kind)
        if question.kind == QuestionKind.FREE_TEXT:
            if isinstance(value, str) and value:
                field_spans = spans.get(question.slug, [])
                if public:
                    row.text = redaction.public_text(value, field_spans, names=hide_names)
                else:
                    row.pieces = redaction.segments(value, field_spans)
        else:
            values = value if isinstance(value, list) else [value] if value else []
            names = centre_names if question.kind == QuestionKind.CENTRES else dict(question.choices)
            # A value no longer among the choices is shown as sent rather than dropped.
            row.labels = [str(names.get(item, item)) for item in values if item != OTHER]
            if OTHER in values:
                # The text typed beside "Other" is not moderated for redaction: officers only.
                other = answers.get(question.other_key, "")
                row.labels.append(other_label(question, "" if public else other))
        rows.append(row)
    return rows


def hidden_names(response) -> list[str]:
    """Names the public text must hide: the respondent's own, when they asked to be published without it."""
    return [response.name] if response.consent == Consent.PUBLISH_ANONYMOUS and response.name else []


def organisation_name(response, spans: dict, *, public: bool):
    """The organisation's name, redacted for the public."""
    field_spans = spans.get("organisation_name", [])
    if public:
        return redaction.public_text(response.organisation_name, field_spans)
    return redaction.segments(response.organisation_name, field_spans)


def other_label(question: Question, text: str) -> str:
    """ "Other: what they typed", or "My centre is not listed: its name"."""
    label = CENTRE_NOT_LISTED_LABEL if question.kind == QuestionKind.CENTRES else OTHER_LABEL
    return f"{label}: {text}" if text else str(label)


@dataclass(frozen=True)
class AnswerLine:
    """One question and its answer, in words, for the check page, receipts and officers' pages."""

    question: Question
    values: list[str]


def answers_describe(*, consultation: Consultation, answers: dict) -> list[AnswerLine]:
    """Each of the consultation's questions, in order, with its answer in words (empty when unanswered)."""
    centre_names = dict(consultation.centres.values_list("slug", "name"))
    lines = []
    for question in consultation.questions.all():
        value = answers.get(question.slug)
        values = value if isinstance(value, list) else ([value] if value else [])
        other = answers.get(question.other_key, "") if OTHER in values else None
        values = [v for v in values if v != OTHER]
        if question.kind == QuestionKind.CENTRES:
            values = [centre_names.get(slug, slug) for slug in values]
        elif question.kind == QuestionKind.AGREEMENT:
            labels = dict(question.choices)
            values = [labels.get(v, v) for v in values]
        if other is not None:
            values.append(other_label(question, other))
        lines.append(AnswerLine(question=question, values=[str(v) for v in values]))
    return lines
