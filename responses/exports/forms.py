"""The analysts' export request form: a consultation, the shared response filters, and personal data."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from consultation.models import Consultation
from responses.filters import EXPORT_FILTERS, ResponseFilterForm, ResponseFilterSet
from responses.models import Export, ExportFormat, Response

from .csv import ExportFilters
from .write import export_responses
from .xlsx import max_responses


class ExportDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with messages that say what to do."""

    def __init__(self, *, widget=None, error_messages=None, **kwargs):
        # The filter's widget and messages are for one box of text; this field has three.
        super().__init__(require_all_fields=False, **kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(_("Enter a real date, for example 17 9 2018"), code="invalid") from error


def _worded(label, empty, message):
    return {"label": label, "empty_label": empty, "error_messages": {"invalid_choice": message}}


# The request form words the shared filters for analysts, and asks for dates as GOV.UK does.
EXPORT_WORDING = {
    "state": _worded(_("Moderation state"), _("Any state"), _("Choose a moderation state from the list")),
    "respondent_type": _worded(
        _("Type of respondent"), _("Any type of respondent"), _("Choose a type of respondent from the list")
    ),
    "channel": _worded(
        _("How they responded"), _("Any way of responding"), _("Choose how they responded from the list")
    ),
    "centre": _worded(_("Children's centre"), _("Any centre"), _("Choose a centre from the list"))
    | {"help_text": _("Only responses that name this centre.")},
    "submitted_from": {"field_class": ExportDateField, "help_text": _("For example, 17 9 2018")},
    "submitted_to": {"field_class": ExportDateField, "help_text": _("For example, 12 11 2018")},
    "include_withdrawn": {"help_text": _("Responses their respondents withdrew are left out unless you tick this.")},
}


def _layout_field(name: str) -> Field:
    if name == "include_withdrawn":
        return Field.checkbox(name)
    return Field(name) if name.startswith("submitted_") else Field.select(name)


class ExportRequestForm(ResponseFilterForm):
    """Built by ``export_filters``, which adds the filter fields."""

    date_order_message = _("The last day must be the same as or after the first day")

    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.order_by("-opens_at"),
        to_field_name="slug",
        label=_("Consultation"),
        empty_label=_("Choose a consultation"),
        error_messages={
            "required": _("Choose the consultation to export"),
            "invalid_choice": _("Choose a consultation from the list"),
        },
    )
    include_personal_data = forms.BooleanField(
        required=False,
        label=_("Include names, email addresses and postcodes"),
        help_text=_("Only when you need to contact respondents. The file is deleted after a few days."),
    )
    format = forms.ChoiceField(
        choices=[
            (ExportFormat.CSV, _("CSV: opens in any spreadsheet or statistics program")),
            (ExportFormat.XLSX, _("Excel (.xlsx): with a second sheet, the codebook, explaining every column")),
        ],
        initial=ExportFormat.CSV,
        required=False,  # CSV unless Excel is chosen
        widget=forms.RadioSelect,
        label=_("File format"),
        error_messages={"invalid_choice": _("Choose CSV or Excel")},
    )
    field_order = ["consultation", *EXPORT_FILTERS, "format", "include_personal_data"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # With one consultation to choose from, it is chosen already.
            only = list(self.fields["consultation"].queryset[:2])
            if len(only) == 1:
                self.fields["consultation"].initial = only[0]
        self.can_export_personal_data = user.has_perm("responses.export_personal_data")
        chosen = [_layout_field(name) for name in EXPORT_FILTERS]
        fields = [
            Field.select("consultation"),
            Fieldset(*chosen, legend=_("Which responses"), legend_size=Size.MEDIUM),
            Field.radios("format", legend_size=Size.MEDIUM),
        ]
        if self.can_export_personal_data:
            fields.append(
                Fieldset(Field.checkbox("include_personal_data"), legend=_("Personal data"), legend_size=Size.MEDIUM)
            )
        self.helper = FormHelper()
        # The template draws the <form> and its token.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, Submit("submit", _("Request export")))

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or ExportFormat.CSV

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include_personal_data") and not self.can_export_personal_data:
            # Not tied to the checkbox: it is not on this officer's page at all.
            self.add_error(
                None,
                ValidationError(
                    _("You cannot export personal data. Ask a senior officer if you need it."), code="not_permitted"
                ),
            )
        if cleaned.get("format") == ExportFormat.XLSX and cleaned.get("consultation") and not self.errors:
            self._check_sheet_rows(cleaned["consultation"])
        return cleaned

    def _check_sheet_rows(self, consultation) -> None:
        # Refused here, before any file is made; the worker checks again (responses may arrive meanwhile).
        chosen = Export(consultation=consultation, filters=self.filters.to_json())
        rows = export_responses(chosen).count()
        if rows > max_responses():
            message = _(
                "These responses are too many for Excel: %(rows)s, and a sheet holds %(most)s below its header. "
                "Choose fewer responses (for example a shorter date range), or choose CSV."
            ) % {"rows": f"{rows:,}", "most": f"{max_responses():,}"}
            self.add_error("format", ValidationError(message, code="too_many_rows"))

    @property
    def filters(self) -> ExportFilters:
        """The chosen filters as the export keeps them."""
        data = self.cleaned_data
        return ExportFilters(**{name: data[name] for name in EXPORT_FILTERS})


def export_filters(data=None, *, user) -> ResponseFilterSet:
    """The request form's filters: every centre may be chosen, whichever consultation it is."""
    return ResponseFilterSet(
        data,
        Response.objects.none(),
        centres=Centre.objects.order_by("name"),
        fields=EXPORT_FILTERS,
        form=ExportRequestForm,
        form_kwargs={"user": user},
        wording=EXPORT_WORDING,
    )
