"""The address a saved draft's link is sent to."""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from responses.respond.fields import step_helper


class DraftEmailForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("What is your email address?"),
        help_text=_("We will send you a link to your answers. We use this address for nothing else."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.helper = step_helper(
            Field.text("email", label_size=Size.LARGE, label_tag="h1", field_width=Fluid.TWO_THIRDS)
        )
