from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _


def _code_field(label, hint, numeric=False):
    attrs = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
    if numeric:
        attrs |= {"inputmode": "numeric"}
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=40,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": _("Enter the code from your authenticator app")},
    )


class _CodeForm(forms.Form):
    submit_label = _("Continue")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("code", field_width=10), Submit("submit", self.submit_label))


class CodeForm(_CodeForm):
    """The second step of signing in: a code from the app, or a backup code."""

    code = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your backup codes"),
    )


class EnrolForm(_CodeForm):
    """Setting up the app: the first code it shows proves it holds the key."""

    submit_label = _("Confirm")
    code = _code_field(_("Code from your app"), _("The 6-digit code your app shows for this service"), numeric=True)
