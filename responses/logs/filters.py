"""The filters of the staff logs: a date range, the officer, the consultation and, for decisions, the kind."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from consultation.models import Consultation
from responses.filters import day_ends, day_starts, year_in_range
from responses.models import Decision, ExportDownload, State

NOTE = "note"
KIND_CHOICES = [
    (State.APPROVED, _("Approved")),
    (State.REJECTED, _("Rejected")),
    (State.FLAGGED, _("Flagged for a senior officer")),
    (NOTE, _("Verification or redaction")),
]


class LogFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        fields = [Field(name) if name in ("start", "end") else Field.select(name) for name in self.fields]
        self.helper.layout = Layout(*fields, Submit("filter", _("Filter"), css_class="govuk-button--secondary"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        return data


def _day(label, method):
    return django_filters.DateFilter(
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a real date, for example 2018-09-17")},
        validators=[year_in_range],
    )


def _officers():
    return get_user_model().objects.filter(is_staff=True).order_by("username")


class LogFilterSet(django_filters.FilterSet):
    """What both logs share. ``when`` names the time field, ``who`` the officer, ``consultation`` the path to it."""

    when = who = consultation_path = ""
    start = _day(_("From"), "filter_start")
    end = _day(_("To"), "filter_end")
    officer = django_filters.ModelChoiceFilter(
        label=_("Officer"),
        queryset=_officers(),
        to_field_name="username",
        method="filter_officer",
        empty_label=_("Any officer"),
        error_messages={"invalid_choice": _("Choose an officer from the list")},
    )
    consultation = django_filters.ModelChoiceFilter(
        label=_("Consultation"),
        queryset=Consultation.objects.order_by("-opens_at"),
        to_field_name="slug",
        method="filter_consultation",
        empty_label=_("Any consultation"),
        error_messages={"invalid_choice": _("Choose a consultation from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers added since the module loaded are offered too.
        self.filters["officer"].queryset = _officers()

    def filter_start(self, queryset, name, value):
        return queryset.filter(**{f"{self.when}__gte": day_starts(value)})

    def filter_end(self, queryset, name, value):
        return queryset.filter(**{f"{self.when}__lt": day_ends(value)})

    def filter_officer(self, queryset, name, value):
        return queryset.filter(**{self.who: value})

    def filter_consultation(self, queryset, name, value):
        return queryset.filter(**{self.consultation_path: value})


class DecisionLogFilterSet(LogFilterSet):
    when, who, consultation_path = "created_at", "actor", "response__consultation"
    kind = django_filters.ChoiceFilter(
        label=_("Kind of decision"),
        choices=KIND_CHOICES,
        method="filter_kind",
        empty_label=_("Any kind"),
        error_messages={"invalid_choice": _("Choose a kind of decision from the list")},
    )

    class Meta:
        model = Decision
        fields: list[str] = []
        form = LogFilterForm

    def filter_kind(self, queryset, name, value):
        # Verifications and redactions are recorded as decisions that leave the state as it was.
        if value == NOTE:
            return queryset.filter(from_state=F("to_state"))
        return queryset.filter(to_state=value).exclude(from_state=F("to_state"))


class DownloadLogFilterSet(LogFilterSet):
    when, who, consultation_path = "downloaded_at", "user", "export__consultation"

    class Meta:
        model = ExportDownload
        fields: list[str] = []
        form = LogFilterForm
