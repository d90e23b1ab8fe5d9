"""Versions and change history of what the builder edits (django-simple-history)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def version_of(instance) -> int:
    """The latest history record's id: a form carries it, so an edit made in the meantime is noticed."""
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def stale_check(instance, version: int | None) -> None:
    """Refuse a save made from a page older than the latest change, saying who changed it and when."""
    if version is None or version == version_of(instance):
        return
    latest = instance.history.order_by("-history_id").select_related("history_user").first()
    who = latest.history_user.get_username() if latest and latest.history_user else _("someone else")
    when = timezone.localtime(latest.history_date).strftime("%-I:%M%p on %-d %B %Y").replace("AM", "am")
    raise ValidationError(
        _(
            "%(who)s changed this at %(when)s, after you opened the page. Your changes are below but were "
            "not saved: check them against the current version, then save again."
        )
        % {"who": who, "when": when.replace("PM", "pm")},
        code="stale",
    )


def saved_by(instance, user) -> None:
    """Save ``instance`` with its history record naming ``user``."""
    instance._history_user = user
    instance.save()


@dataclass
class Change:
    when: object
    who: str
    what: str
    changes: list[str]


ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def changes_list(records, *, label: str = "") -> list[Change]:
    """History records as "who, when, what changed", newest first (``records`` newest first)."""
    records = list(records)
    rows = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        fields = []
        if record.history_type == "~" and older is not None:
            delta = record.diff_against(older)
            fields = [str(record.instance._meta.get_field(c.field).verbose_name) for c in delta.changes]
        what = f"{ACTIONS[record.history_type]} {label}".strip() if label else str(ACTIONS[record.history_type])
        who = record.history_user.get_username() if record.history_user else str(_("The system"))
        if record.history_type == "~" and not fields:
            continue
        rows.append(Change(when=record.history_date, who=who, what=what, changes=fields))
    return rows


def refusal(field: str, message, code: str) -> ValidationError:
    """A refusal tied to one field, keeping its code (a dict ValidationError would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})
