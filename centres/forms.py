"""The filter form on the centres list. It is a GET form: every value comes from the address bar."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District, Stage, Status

NOT_KNOWN = "unknown"
SEARCH_MAX_LENGTH = 100


class CentreFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by centre name or town"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("Search must be %(limit_value)d characters or fewer")},
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("All districts")), *District.choices],
        error_messages={"invalid_choice": _("Choose a district from the list")},
    )
    stage = forms.ChoiceField(
        label=_("Stage of the proposal"),
        required=False,
        error_messages={"invalid_choice": _("Choose a stage of the proposal from the list")},
    )
    status = forms.ChoiceField(
        label=_("Proposed status at that stage"),
        required=False,
        choices=[("", _("Any status")), *Status.choices, (NOT_KNOWN, _("Not known"))],
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )

    def __init__(self, *args, stages: list[Stage], **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = {stage.slug: stage for stage in stages}
        # The latest stage is the current proposal, so it is what the page shows first.
        self.fields["stage"].choices = [(stage.slug, stage.name) for stage in reversed(stages)]
        self.fields["q"].widget.attrs["spellcheck"] = "false"
        self.helper = FormHelper()
        self.helper.form_tag = False
        # A GET form: a CSRF token would end up in the address bar, logs and Referer headers.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("district"),
            Field.select("stage"),
            Field.select("status"),
        )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_stage(self) -> Stage | None:
        slug = self.cleaned_data["stage"]
        if not slug:
            return self.default_stage()
        return self.stages[slug]

    def default_stage(self) -> Stage | None:
        return list(self.stages.values())[-1] if self.stages else None
