"""Forms for campaign groups: a decision on the whole group, and merging another group in."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE, SPAM = "approve", "reject_spam"


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class GroupDecisionForm(forms.Form):
    """Approve, or reject as spam, every response of the group."""

    action = forms.ChoiceField(
        label=_("Decide every response in this group"),
        choices=[(APPROVE, _("Approve them all")), (SPAM, _("Reject them all as spam"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision"), "invalid_choice": _("Choose a decision from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("action", legend_size=Size.SMALL))


class GroupMergeForm(forms.Form):
    """Choose another group of the consultation to merge into this one."""

    other = forms.ChoiceField(
        label=_("Group to merge into this one"),
        error_messages={"required": _("Choose a group"), "invalid_choice": _("Choose a group from the list")},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", _("Choose a group")), *choices]
        self.helper = _helper(Field.select("other"))
