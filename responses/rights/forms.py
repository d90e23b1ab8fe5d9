"""The respondent's forms: confirm a withdrawal (the correction reuses the questions form)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my response"),
        error_messages={"required": _("Tick the box to confirm you want to withdraw your response")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The page draws the <form>, its token and its button.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.checkbox("confirm"))
