from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct user name and password. Both are case-sensitive."),
        "inactive": _("This account is not active. Ask your team leader to reactivate it."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].widget = forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = _("Enter your user name")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.helper = FormHelper()
        # The template draws the <form> (it carries the "next" field); crispy adds only the fields.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("username", "password", Submit("submit", _("Sign in")))
