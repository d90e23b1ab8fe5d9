"""Forms for moderation: the queue's filters, a decision, bulk decisions and redactions.

Every value comes from the officer's browser, so every one is checked here: a bad
value becomes a message beside its field, never a server error."""

import re
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from responses import redaction
from responses.filters import QUEUE_FILTERS, ResponseFilterForm, ResponseFilterSet
from responses.models import (
    RejectReason,
    State,
)
from responses.moderation import queue

VERSION_PAIR = re.compile(r"^(\d{1,18}):(\d{1,9})$")
NEWEST, OLDEST = "newest", "oldest"


class CursorField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return queue.Cursor.parse(value)
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                _("The page link is not valid. Go back to the first page."), code="invalid"
            ) from None


class QueueFilterForm(ResponseFilterForm):
    """The queue's filters with its order and page, all read from the address bar."""

    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(NEWEST, _("Newest first")), (OLDEST, _("Oldest first"))],
        error_messages={"invalid_choice": _("Choose newest or oldest first")},
    )
    after = CursorField(required=False, widget=forms.HiddenInput)
    before = CursorField(required=False, widget=forms.HiddenInput)
    field_order = [*QUEUE_FILTERS, "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dates = [Field.text(name, field_width=10) for name in ("submitted_from", "submitted_to")]
        choices = [Field.select(name) for name in QUEUE_FILTERS if name not in ("q", "submitted_from", "submitted_to")]
        self.helper.layout = Layout(
            Field.text("q"),
            Fieldset(*choices, *dates, Field.select("sort"), legend=_("Filters"), legend_size=Size.SMALL),
        )

    @property
    def newest_first(self) -> bool:
        return getattr(self, "cleaned_data", {}).get("sort") != OLDEST

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in QUEUE_FILTERS)

    def query_string(self, **changes) -> str:
        """The current filters as a query string, with ``changes`` applied (None removes)."""
        params = {name: self.data.get(name, "") for name in (*QUEUE_FILTERS, "sort")} | changes
        return urlencode({name: value for name, value in params.items() if value not in ("", None)})


def queue_filters(data, queryset: QuerySet, *, centres, campaigns=()) -> ResponseFilterSet:
    """The moderation queue's filters (``campaigns``: the consultation's groups, as choices)."""
    return ResponseFilterSet(data, queryset, centres=centres, form=QueueFilterForm, campaigns=campaigns)


class DecisionForm(forms.Form):
    """One officer's decision on one response."""

    APPROVE, REJECT, FLAG = State.APPROVED, State.REJECTED, State.FLAGGED

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (State.APPROVED, _("Approve")),
            (State.REJECTED, _("Reject")),
            (State.FLAGGED, _("Flag for a senior officer")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision"), "invalid_choice": _("Choose a decision from the list")},
    )
    reason = forms.ChoiceField(
        label=_("Why are you rejecting it?"),
        required=False,
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a reason from the list")},
    )
    note = forms.CharField(
        label=_("Note (optional, required for ‘Other’)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The note must be %(limit_value)d characters or fewer")},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2_147_483_647, error_messages={"invalid": _("Reload the page")}
    )

    def __init__(self, *args, allowed: frozenset[str] = frozenset(State.values), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [c for c in self.fields["decision"].choices if c[0] in allowed]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.radios("reason", legend_size=Size.SMALL, small=True),
            Field.textarea("note"),
            "version",
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == State.REJECTED:
            if not data.get("reason"):
                self.add_error("reason", _("Choose why you are rejecting the response"))
            elif data["reason"] == RejectReason.OTHER and not data.get("note", "").strip():
                self.add_error("note", _("Say why you are rejecting the response"))
        else:
            # A reason only belongs with a rejection; radios left checked are ignored.
            data["reason"] = ""
        return data


class BulkDecisionForm(forms.Form):
    """Approve, or reject as spam, the responses ticked on the queue page."""

    APPROVE, SPAM = "approve", "reject_spam"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Approve selected")), (SPAM, _("Reject selected as spam"))],
        error_messages={"required": _("Choose an action"), "invalid_choice": _("Choose an action from the list")},
    )
    selected = forms.MultipleChoiceField(
        error_messages={"required": _("Select at least one response")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are not known in advance: each value is "id:version" and is checked below.
        self.fields["selected"].valid_value = lambda value: True

    def clean_selected(self) -> dict[int, int]:
        versions = {}
        for value in self.cleaned_data["selected"]:
            match = VERSION_PAIR.match(value)
            if not match:
                raise forms.ValidationError(_("The selection is not valid. Reload the page and try again."))
            versions[int(match[1])] = int(match[2])
        if len(versions) > 200:
            raise forms.ValidationError(_("Select 200 responses or fewer at a time"))
        return versions


class RedactionForm(forms.Form):
    """Redact a suggested span, or every place some exact text appears in an answer."""

    field = forms.ChoiceField(
        label=_("Answer"),
        error_messages={"required": _("Choose an answer"), "invalid_choice": _("Choose an answer from the list")},
    )
    suggestion = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text to redact"),
        required=False,
        max_length=500,
        help_text=_("Type or paste it exactly as it appears. Every place it appears in that answer is redacted."),
        error_messages={"max_length": _("The text to redact must be %(limit_value)d characters or fewer")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("For example: a child's name, a health condition."),
        error_messages={"max_length": _("The reason must be %(limit_value)d characters or fewer")},
    )

    def __init__(self, *args, texts: dict[str, str], labels: dict[str, str], suggestions: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.texts, self.suggestions = texts, suggestions
        self.fields["field"].choices = [(name, labels[name]) for name in texts]
        self.fields["text"].widget.attrs["spellcheck"] = "false"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.select("field"), Field.text("text"), Field.text("reason"))

    def clean(self):
        data = super().clean()
        name = data.get("field")
        if not name:
            return data
        key = data.get("suggestion")
        if key:
            chosen = next((s for s in self.suggestions.get(name, []) if s.key == key), None)
            if chosen is None:
                raise forms.ValidationError(_("That suggestion is no longer available. It may be redacted already."))
            data["spans"] = [(chosen.start, chosen.end)]
            data["reason"] = data.get("reason") or str(chosen.label)
            return data
        if not data.get("text", "").strip():
            self.add_error("text", _("Enter the text to redact"))
        elif not (spans := redaction.find_text(self.texts[name], data["text"])):
            self.add_error("text", _("That text is not in the answer. Copy it exactly, including spaces."))
        else:
            data["spans"] = spans
        if not data.get("reason", "").strip():
            self.add_error("reason", _("Enter the reason for the redaction"))
        return data
