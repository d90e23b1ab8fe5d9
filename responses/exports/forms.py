"""The analysts' export request form."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from consultation.models import Consultation
from responses.models import Channel, RespondentType, State

from .csv import ExportFilters

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class ExportDateField(DateInputField):
    """A GOV.UK date input with messages that say what to do."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(_("Enter a real date, for example 17 9 2018"), code="invalid") from error
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                _("Enter a year between %(first)s and %(last)s") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                code="out_of_range",
            )
        return value


def _any(label, choices):
    return [("", label), *choices]


class ExportRequestForm(forms.Form):
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
    state = forms.ChoiceField(
        choices=_any(_("Any state"), State.choices),
        required=False,
        label=_("Moderation state"),
        error_messages={"invalid_choice": _("Choose a moderation state from the list")},
    )
    respondent_type = forms.ChoiceField(
        choices=_any(_("Any type of respondent"), RespondentType.choices),
        required=False,
        label=_("Type of respondent"),
        error_messages={"invalid_choice": _("Choose a type of respondent from the list")},
    )
    channel = forms.ChoiceField(
        choices=_any(_("Any way of responding"), Channel.choices),
        required=False,
        label=_("How they responded"),
        error_messages={"invalid_choice": _("Choose how they responded from the list")},
    )
    centre = forms.ModelChoiceField(
        queryset=Centre.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Children's centre"),
        help_text=_("Only responses that name this centre."),
        empty_label=_("Any centre"),
        error_messages={"invalid_choice": _("Choose a centre from the list")},
    )
    submitted_from = ExportDateField(label=_("Sent on or after"), help_text=_("For example, 17 9 2018"))
    submitted_to = ExportDateField(label=_("Sent on or before"), help_text=_("For example, 12 11 2018"))
    include_personal_data = forms.BooleanField(
        required=False,
        label=_("Include names, email addresses and postcodes"),
        help_text=_("Only when you need to contact respondents. The file is deleted after a few days."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # With one consultation to choose from, it is chosen already.
            only = list(self.fields["consultation"].queryset[:2])
            if len(only) == 1:
                self.fields["consultation"].initial = only[0]
        self.can_export_personal_data = user.has_perm("responses.export_personal_data")
        fields = [
            Field.select("consultation"),
            Fieldset(
                Field.select("state"),
                Field.select("respondent_type"),
                Field.select("channel"),
                Field.select("centre"),
                Field("submitted_from"),
                Field("submitted_to"),
                legend=_("Which responses"),
                legend_size=Size.MEDIUM,
            ),
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
        first, last = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if first and last and last < first:
            self.add_error("submitted_to", _("The last day must be the same as or after the first day"))
        return cleaned

    @property
    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            state=data["state"],
            respondent_type=data["respondent_type"],
            channel=data["channel"],
            centre=data["centre"].slug if data["centre"] else "",
            submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"],
        )
