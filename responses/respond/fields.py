"""Form fields and checks shared by the response forms: free text, the postcode, the honeypot,
and the crispy-forms pieces that draw them."""

import re
import unicodedata

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Tab, line feed and carriage return are ordinary in pasted text; other control characters are not.
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


POSTCODE_RE = re.compile(r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?[0-9][ABD-HJLNP-UW-Z]{2})$")


def reject_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in value):
        raise ValidationError(
            _("Remove the hidden control characters (these often come from copying text from another program)"),
            code="control_characters",
        )


# Field templates for what crispy-forms-gds cannot draw as the pages need (docs/decisions/0005).
TEMPLATES = "responses/respond/fields/"
RADIOS = TEMPLATES + "radios.html"
CHECKBOXES = TEMPLATES + "checkboxes.html"
CENTRES = TEMPLATES + "centres.html"
TEXTAREA = TEMPLATES + "textarea.html"
FILE = TEMPLATES + "file.html"
HONEYPOT = TEMPLATES + "honeypot.html"


def step_helper(*fields) -> FormHelper:
    """A crispy-forms helper for the fields only: the page draws the <form>, its token and its button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class TextField(forms.CharField):
    """A CharField that counts a line break as one character, as the character count does."""

    def __init__(self, *, label_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.validators.append(reject_control_characters)
        if self.max_length:
            self.error_messages["max_length"] = _("%(name)s must be %(limit)s characters or fewer") % {
                "name": label_name,
                "limit": f"{self.max_length:,}",
            }
        self.error_messages["null_characters_not_allowed"] = _(
            "Remove the hidden null characters (these sometimes come from copying text from another program)"
        )

    def widget_attrs(self, widget):
        # No maxlength: browsers cut pasted text short without a word (GOV.UK advises against
        # it); the error message says how long the answer may be instead.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def run_validators(self, value):
        # Django's null-character check has no code of its own to reword, so check first.
        if value and "\x00" in value:
            raise ValidationError(self.error_messages["null_characters_not_allowed"], code="null_characters")
        super().run_validators(value)


class HoneypotMixin(forms.Form):
    """A field people never see. A bot that fills it in is shown the usual pages and nothing is stored."""

    website = forms.CharField(required=False, label=_("Leave this field blank"))

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
