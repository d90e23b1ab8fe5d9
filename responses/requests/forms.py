"""The officer's forms for a data request: who it is about, and why their data are erased."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .services import MAX_REFERENCES, REFERENCE_RE

FIND_HELP = _("The email address the person gave, or one or more references such as NCC-7K3P-Q9MX.")
NOT_FOUND_MESSAGE = _("Enter an email address, or references such as NCC-7K3P-Q9MX separated by spaces")


class DataRequestFindForm(forms.Form):
    q = forms.CharField(
        label=_("Email address or references"),
        help_text=FIND_HELP,
        max_length=1000,
        error_messages={
            "required": _("Enter the email address or references the request is about"),
            "max_length": _("Enter at most %(limit_value)d characters"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["spellcheck"] = "false"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("q", label_size=Size.SMALL), Submit("find", _("Find responses")))

    def clean_q(self) -> str:
        value = " ".join(self.cleaned_data["q"].split())
        if "\x00" in value:
            raise ValidationError(NOT_FOUND_MESSAGE, code="invalid")
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError as error:
                raise ValidationError(_("Enter a real email address, like name@example.org"), code="invalid") from error
            self.email, self.references = value, []
            return value
        references = list(dict.fromkeys(part.upper() for part in re.split(r"[\s,;]+", value) if part))
        if not references or not all(REFERENCE_RE.match(ref) for ref in references):
            raise ValidationError(NOT_FOUND_MESSAGE, code="invalid")
        if len(references) > MAX_REFERENCES:
            raise ValidationError(_("Enter at most %(n)d references") % {"n": MAX_REFERENCES}, code="too_many")
        self.email, self.references = "", references
        return " ".join(references)


class DataRequestEraseForm(forms.Form):
    q = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    reason = forms.CharField(
        label=_("Why are you erasing their personal data?"),
        help_text=_("For example: erasure request received by email on 3 December 2026, case 1234."),
        max_length=200,
        error_messages={
            "required": _("Enter why you are erasing their personal data"),
            "max_length": _("The reason must be %(limit_value)d characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("data_requests:erase")
        self.helper.layout = Layout(
            "q",
            Field.text("reason", label_size=Size.SMALL),
            Submit("erase", _("Erase their personal data"), css_class="govuk-button--warning"),
        )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise ValidationError(_("Enter why you are erasing their personal data"), code="required")
        return reason
