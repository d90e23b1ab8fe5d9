"""Forms for the moderation queue, decisions, bulk decisions and redactions.

Every value comes from the officer's browser, so every one is checked here: a bad
value becomes a message beside its field, never a server error.
"""

import datetime
import re
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses import queue, redaction
from responses.forms.respond import AboutForm
from responses.models import (
    INDIVIDUAL_TYPES,
    ORGANISATION_TYPES,
    Channel,
    Consent,
    RejectReason,
    RespondentType,
    State,
)

SEARCH_MAX_LENGTH = 200
NEWEST, OLDEST = "newest", "oldest"
ORGANISATION, INDIVIDUAL = "organisation", "individual"
YES, NO = "yes", "no"


def _choice(label, choices, message, empty=None):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty or _("Any")), *choices],
        error_messages={"invalid_choice": message},
    )


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


class QueueFilterForm(forms.Form):
    """The queue's filters, search, order and page, all read from the address bar."""

    q = forms.CharField(
        label=_("Search answers and organisation names"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("Search must be %(limit_value)d characters or fewer")},
    )
    state = _choice(_("State"), State.choices, _("Choose a state from the list"), _("Any state"))
    respondent_type = _choice(
        _("Respondent type"), RespondentType.choices, _("Choose a respondent type from the list"), _("Any type")
    )
    kind = _choice(
        _("Organisation or individual"),
        [(ORGANISATION, _("Organisations")), (INDIVIDUAL, _("Individuals"))],
        _("Choose organisations or individuals"),
        _("Both"),
    )
    channel = _choice(_("How it was sent"), Channel.choices, _("Choose how the response was sent"), _("Any way"))
    centre = _choice(_("Centre chosen"), [], _("Choose a centre from the list"), _("Any centre"))
    attachment = _choice(
        _("Attachment"), [(YES, _("Has an attachment")), (NO, _("No attachment"))], _("Choose yes or no")
    )
    submitted_from = forms.DateField(
        label=_("Sent on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a real date, for example 2018-09-17")},
    )
    submitted_to = forms.DateField(
        label=_("Sent on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": _("Enter a real date, for example 2018-11-12")},
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(NEWEST, _("Newest first")), (OLDEST, _("Oldest first"))],
        error_messages={"invalid_choice": _("Choose newest or oldest first")},
    )
    after = CursorField(required=False, widget=forms.HiddenInput)
    before = CursorField(required=False, widget=forms.HiddenInput)

    FILTERS = (
        "q",
        "state",
        "respondent_type",
        "kind",
        "channel",
        "centre",
        "attachment",
        "submitted_from",
        "submitted_to",
    )

    def __init__(self, *args, centres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {centre.slug: centre for centre in centres}
        self.fields["centre"].choices = [("", _("Any centre"))] + [(c.slug, c.name) for c in self.centres.values()]
        self.fields["q"].widget.attrs["spellcheck"] = "false"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("q"),
            Fieldset(
                Field.select("state"),
                Field.select("respondent_type"),
                Field.select("kind"),
                Field.select("channel"),
                Field.select("centre"),
                Field.select("attachment"),
                Field.text("submitted_from", field_width=10),
                Field.text("submitted_to", field_width=10),
                Field.select("sort"),
                legend=_("Filters"),
                legend_size=Size.SMALL,
            ),
        )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_centre(self):
        slug = self.cleaned_data["centre"]
        return self.centres[slug] if slug else None

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The end date must be the same as or after the start date"))
        return data

    @property
    def newest_first(self) -> bool:
        return getattr(self, "cleaned_data", {}).get("sort") != OLDEST

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.FILTERS)

    def filter(self, responses: QuerySet) -> QuerySet:
        """Apply the valid filters to ``responses``. Call after ``is_valid()``."""
        data = self.cleaned_data
        simple = {"state": "state", "respondent_type": "respondent_type", "channel": "channel", "centre": "centres"}
        responses = responses.filter(**{lookup: data[name] for name, lookup in simple.items() if data.get(name)})
        if data.get("kind") == ORGANISATION:
            responses = responses.filter(respondent_type__in=ORGANISATION_TYPES)
        elif data.get("kind") == INDIVIDUAL:
            responses = responses.filter(respondent_type__in=INDIVIDUAL_TYPES)
        if data.get("attachment") == YES:
            responses = responses.exclude(attachment="")
        elif data.get("attachment") == NO:
            responses = responses.filter(attachment="")
        # Dates are days in the council's time zone; compare with the instants they
        # begin and end so the index on submitted_at stays usable.
        if data.get("submitted_from"):
            responses = responses.filter(submitted_at__gte=_start_of(data["submitted_from"]))
        if data.get("submitted_to"):
            responses = responses.filter(submitted_at__lt=_start_of(data["submitted_to"] + datetime.timedelta(days=1)))
        if data.get("q"):
            responses = queue.search(responses, data["q"])
        return responses

    def query_string(self, **changes) -> str:
        """The current filters as a query string, with ``changes`` applied (None removes)."""
        params = {name: self.data.get(name, "") for name in (*self.FILTERS, "sort")} | changes
        return urlencode({name: value for name, value in params.items() if value not in ("", None)})


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


VERSION_PAIR = re.compile(r"^(\d{1,18}):(\d{1,9})$")


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


class PublishedFilterForm(forms.Form):
    """Filters on the public page of published responses."""

    respondent_type = _choice(
        _("Respondent type"), RespondentType.choices, _("Choose a respondent type from the list"), _("Any type")
    )
    centre = _choice(_("Centre"), [], _("Choose a centre from the list"), _("Any centre"))

    def __init__(self, *args, centres: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {centre.slug: centre for centre in centres}
        self.fields["centre"].choices = [("", _("Any centre"))] + [(c.slug, c.name) for c in self.centres.values()]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.select("respondent_type"), Field.select("centre"))

    def clean_centre(self):
        slug = self.cleaned_data["centre"]
        return self.centres[slug] if slug else None

    def filter(self, responses: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("respondent_type"):
            responses = responses.filter(respondent_type=data["respondent_type"])
        if data.get("centre"):
            responses = responses.filter(centres=data["centre"])
        return responses


class EntryForm(forms.Form):
    """A paper or emailed response, entered by an officer on the respondent's behalf.

    The answers come from the public journey's ``QuestionsForm``; this form holds the
    rest. Only the organisation's name is required for an organisation: the officer
    types what the respondent sent, and a letter may not say everything the online
    form asks.
    """

    channel = forms.ChoiceField(
        label=_("How did the response arrive?"),
        choices=[(Channel.PAPER, _("On paper")), (Channel.EMAIL, _("By email"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the response arrived"), "invalid_choice": _("Select paper or email")},
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={
            "required": _("Enter the date the response was received"),
            "invalid": _("Enter a real date, for example 2018-10-01"),
        },
    )
    respondent_type = forms.ChoiceField(
        label=_("Responding as"),
        choices=[("", _("Choose one")), *RespondentType.choices],
        error_messages={
            "required": _("Select who the respondent is responding as"),
            "invalid_choice": _("Select a respondent type from the list"),
        },
    )
    organisation_name = forms.CharField(label=_("Organisation name"), required=False, max_length=200)
    respondent_role = forms.CharField(label=_("Their role in the organisation"), required=False, max_length=200)
    authority_confirmed = forms.BooleanField(
        label=_("They say they have the authority to respond for the organisation"), required=False
    )
    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("They will get an email receipt with a copy of their answers."),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=20)
    letter = forms.FileField(
        required=False,
        label=_("Their letter (optional)"),
        help_text=_("A PDF or Word (.docx) file, up to 10 MB: a scan of the paper response or the email's attachment."),
        error_messages=AboutForm.base_fields["letter"].error_messages,
    )
    consent = forms.ChoiceField(
        label=_("What did they say about publishing their response?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what they said about publishing"),
            "invalid_choice": _("Select an answer about publishing from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "respondent_role", "name", "email", "postcode"):
            self.fields[name].error_messages["max_length"] = _("This must be %(limit_value)d characters or fewer")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("channel", legend_size=Size.SMALL, inline=True),
            Field.text("received_on", field_width=10),
            Field.select("respondent_type"),
            Field.text("organisation_name"),
            Field.text("respondent_role"),
            Field.checkbox("authority_confirmed", small=True),
            Field.text("name"),
            Field.text("email", field_width=20),
            Field.text("postcode", field_width=10),
            Field("letter"),
            Field.radios("consent", legend_size=Size.SMALL),
        )

    def clean_postcode(self) -> str:
        # The same check and tidying as the public form.
        return AboutForm.clean_postcode(self)

    def clean_letter(self):
        # The same checks as the public form: PDF or Word by content, at most 10 MB.
        return AboutForm.clean_letter(self)

    def clean_received_on(self) -> datetime.date:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date received must be today or in the past"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("respondent_type") in ORGANISATION_TYPES and not data.get("organisation_name", "").strip():
            self.add_error("organisation_name", _("Enter the name of the organisation"))
        return data

    @property
    def received_at(self) -> datetime.datetime:
        """Now if it arrived today; otherwise midday on the day it arrived."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
