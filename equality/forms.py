"""The optional equality monitoring page of the public response journey."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from responses.respond.fields import RADIOS, step_helper

from .choices import PREFER_NOT, QUESTIONS


class EqualityForm(forms.Form):
    """One optional radio question per characteristic; "Prefer not to say" after an "or"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for name, (question, hint, choices) in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                choices=choices.choices,
                widget=forms.RadioSelect,
                required=False,
                label=question,
                help_text=hint,
                error_messages={"invalid_choice": _("Select one of the answers given, or leave the question blank")},
            )
            item = Field.radios(name, legend_size=Size.MEDIUM, small=True, template=RADIOS)
            item.add_context(divider_before=PREFER_NOT[0], divider=_("or"))
            layout.append(item)
        self.helper = step_helper(*layout)

    def answers(self) -> dict:
        """The questions answered; those left blank are left out."""
        return {name: value for name, value in self.cleaned_data.items() if value}
