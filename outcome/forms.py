from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import Stage

from .models import Outcome


class OutcomeForm(forms.ModelForm):
    charts = forms.MultipleChoiceField(
        label=_("Charts to show"),
        help_text=_("The figures are frozen when you publish: they show the approved responses at that moment."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose charts from the list")},
    )
    decision_stage = forms.ModelChoiceField(
        label=_("Stage of the proposal decided (optional)"),
        help_text=_("The page shows each centre's status at this stage, from the register of centres."),
        queryset=Stage.objects.all(),
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a stage from the list")},
    )

    class Meta:
        model = Outcome
        fields = ["themes", "decision", "charts", "decision_stage"]
        labels = {"themes": _("What people said"), "decision": _("What the council decided")}
        error_messages = {
            "themes": {"required": _("Enter what people said")},
            "decision": {"required": _("Enter what the council decided")},
        }

    def __init__(self, *args, chart_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charts"].choices = chart_choices
        self.fields["themes"].required = self.fields["decision"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("themes", rows=8, label_size=Size.MEDIUM),
            Field.textarea("decision", rows=8, label_size=Size.MEDIUM),
            Field.checkboxes("charts", legend_size=Size.MEDIUM, small=True),
            Field.select("decision_stage", label_size=Size.MEDIUM),
        )
