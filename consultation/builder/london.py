"""Dates and times as managers type them: a GOV.UK date (day, month, year) and a time, in London time."""

import datetime
import re
from zoneinfo import ZoneInfo

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LONDON = ZoneInfo("Europe/London")
TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


class DateField(DateInputField):
    """Day, month and year boxes, with messages that say what to do."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day or month or year):
            return None
        try:
            return datetime.date(int(year), int(month), int(day))
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Enter a real date, for example 17 9 2018"), code="invalid") from error


class TimeField(forms.CharField):
    """A time of day such as 9:00, 09:00 or 9:00am, 23:59 or 11:59pm."""

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        match = TIME_RE.match(value)
        if not match:
            raise ValidationError(_("Enter a time such as 9:00am or 23:59"), code="invalid")
        hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise ValidationError(_("Enter a time such as 9:00am or 23:59"), code="invalid")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(_("Enter a time such as 9:00am or 23:59"), code="invalid")
        return datetime.time(hour, minute)


def london_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a London date and time names; a time the clocks skip or repeat is refused."""
    naive = datetime.datetime.combine(day, time)
    first, second = naive.replace(tzinfo=LONDON, fold=0), naive.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            _("The clocks change at this time on %(day)s: choose a time before 1am or after 2am")
            % {"day": f"{day:%-d %B %Y}"},
            code="clock_change",
        )
    if first.astimezone(datetime.UTC).astimezone(LONDON).replace(tzinfo=None) != naive:
        raise ValidationError(
            _("The clocks change at this time on %(day)s: choose a time before 1am or after 2am")
            % {"day": f"{day:%-d %B %Y}"},
            code="clock_change",
        )
    return first


def london_parts(moment: datetime.datetime | None) -> tuple[datetime.date | None, str]:
    """A stored moment as the date and the time a manager reads in London."""
    if moment is None:
        return None, ""
    local = moment.astimezone(LONDON)
    return local.date(), f"{local:%H:%M}"
