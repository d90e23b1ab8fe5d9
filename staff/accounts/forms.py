from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..roles import ROLES
from .services import invitation_expires_at, invitation_pending_for


def _roles_field():
    return forms.MultipleChoiceField(
        label=_("Roles"),
        help_text=_("Select all that apply. An officer with several roles may do what each of them allows."),
        choices=[(role, role) for role in ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the officer's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    roles = _roles_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs |= {"autocomplete": "off", "spellcheck": "false"}
        self.helper = _helper(
            Field.text("email"),
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.checkboxes("roles", legend_size=Size.MEDIUM),
            submit=_("Send invitation"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Find it in the list of accounts"), code="exists"
            )
        pending = invitation_pending_for(email)
        if pending:
            raise forms.ValidationError(
                _("An invitation was already sent to this email address. Its link works until %(date)s"),
                code="pending",
                params={"date": date_format(invitation_expires_at(pending), "j F Y")},
            )
        return email


class RolesForm(forms.Form):
    roles = _roles_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkboxes("roles", legend_size=Size.MEDIUM), submit=_("Save roles"))


class InvitationAcceptForm(BaseUserCreationForm):
    """The invited officer chooses a user name and a password (Django's password validators)."""

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args, invitation, **kwargs):
        instance = get_user_model()(
            email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name
        )
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["username"].help_text = _("You will type this to sign in. Letters, digits and @ . + - _ only")
        self.fields["username"].error_messages |= {
            "required": _("Enter a user name"),
            "unique": _("That user name is taken. Choose another"),
        }
        self.fields["password1"].label = _("Password")
        self.fields["password1"].help_text = _("At least 12 characters. Not a common password")
        self.fields["password2"].label = _("Type the password again")
        self.fields["password2"].help_text = ""
        self.fields["password1"].error_messages["required"] = _("Enter a password")
        self.fields["password2"].error_messages["required"] = _("Type the password again")
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.error_messages = self.error_messages | {"password_mismatch": _("The two passwords are not the same")}
        self.helper = _helper(
            Field.text("username", field_width=20),
            Field.text("password1", field_width=20),
            Field.text("password2", field_width=20),
            submit=_("Create my account"),
        )
