from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct user name and password. Both are case-sensitive."),
        "inactive": _("This account has been deactivated. Ask a service administrator to reactivate it."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].widget = forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = _("Enter your user name")
        # AuthenticationForm sets max_length after the field is made, so nothing checks it:
        # an overlong name would reach authentication (and axes' 255-character column).
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, _("Enter a user name of %(limit_value)d characters or fewer"))
        )
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.helper = FormHelper()
        # The template draws the <form> (it carries the "next" field); crispy adds only the fields.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("username", "password", Submit("submit", _("Sign in")))

    def clean(self):
        """A deactivated officer who typed the right password is told plainly that the account is off."""
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._deactivated_account():
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise

    def _deactivated_account(self) -> bool:
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        account = get_user_model().objects.filter(username=username, is_active=False).first()
        return bool(account and password and account.check_password(password))
