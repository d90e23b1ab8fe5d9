"""The consultation change history: every change to a consultation, its questions and its documents.

The builder keeps the history (django-simple-history, consultation/builder/history.py); this
log lists the three together, newest first, with the logs' filters and CSV, for the people who
answer for what was published.
"""

import heapq

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.builder.history import ACTIONS
from consultation.models import Consultation, Document, Question
from responses.filters import day_ends, day_starts

from .filters import LogFilterForm, LogFilterSet


class ChangeLogFilterSet(LogFilterSet):
    when, who, consultation_path = "history_date", "history_user", "id"

    class Meta:
        model = Consultation.history.model
        fields: list[str] = []
        form = LogFilterForm


def _narrowed(records, values: dict, consultation_field: str):
    if values.get("start"):
        records = records.filter(history_date__gte=day_starts(values["start"]))
    if values.get("end"):
        records = records.filter(history_date__lt=day_ends(values["end"]))
    if values.get("officer"):
        records = records.filter(history_user=values["officer"])
    if values.get("consultation"):
        records = records.filter(**{consultation_field: values["consultation"].pk})
    return records.select_related("history_user").order_by("-history_date", "-history_id")


def changes_kept(values: dict) -> list:
    """The history records of consultations, questions and documents the filters keep, newest first."""
    kinds = (
        (Consultation.history.all(), "id"),
        (Question.history.all(), "consultation_id"),
        (Document.history.all(), "consultation_id"),
    )
    lists = [_narrowed(records, values, field) for records, field in kinds]
    return list(heapq.merge(*lists, key=lambda record: record.history_date, reverse=True))


def _item(record) -> str:
    if isinstance(record, Question.history.model):
        return f"{_('Question')}: {record.text[:80]}"
    if isinstance(record, Document.history.model):
        return f"{_('Document')}: {record.title}"
    return str(_("Details"))


def _fields_changed(record) -> str:
    previous = record.prev_record if record.history_type == "~" else None
    if previous is None:
        return ""
    delta = record.diff_against(previous)
    return "; ".join(str(record.instance._meta.get_field(change.field).verbose_name) for change in delta.changes)


def change_row(record, slugs: dict) -> list[str]:
    consultation_id = record.id if isinstance(record, Consultation.history.model) else record.consultation_id
    who = record.history_user.get_username() if record.history_user else str(_("The system"))
    return [
        timezone.localtime(record.history_date).isoformat(timespec="seconds"),
        who,
        slugs.get(consultation_id, ""),
        _item(record),
        str(ACTIONS[record.history_type]),
        _fields_changed(record),
    ]
