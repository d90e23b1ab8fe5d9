"""Filters of lists of responses: the moderation queue and the published page."""

import datetime
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.models import (
    INDIVIDUAL_TYPES,
    ORGANISATION_TYPES,
    Channel,
    RespondentType,
    State,
)
from responses.moderation import queue

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
        # The last day a date can hold has no day after it: "on or before" it bounds nothing.
        if data.get("submitted_to") and data["submitted_to"] < datetime.date.max:
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
