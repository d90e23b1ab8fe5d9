"""Filters of lists of responses: one FilterSet for the moderation queue, the published page and exports.

Each filter is written once, here. A page chooses which of them it offers (``QUEUE_FILTERS``,
``PUBLIC_FILTERS``, ``EXPORT_FILTERS``), the form they join (the queue's in moderation/forms.py,
the export request's in exports/forms.py) and, where its words differ, how they are worded.
An export keeps its choices on its row (``ExportFilters``) and applies them with these same
filters; the COPY path's SQL twin is ``_filter_sql`` in responses/exports/sql.py, and the
tests compare the two row for row.
"""

import datetime
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Group, Membership
from centres.models import District
from responses.models import INDIVIDUAL_TYPES, ORGANISATION_TYPES, Channel, RespondentType, Response, State
from responses.moderation import queue

LONDON = ZoneInfo("Europe/London")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
SEARCH_MAX_LENGTH = 200
ORGANISATION, INDIVIDUAL = "organisation", "individual"
YES, NO = "yes", "no"

QUEUE_FILTERS = (
    "q",
    "state",
    "respondent_type",
    "kind",
    "channel",
    "centre",
    "district",
    "attachment",
    "submitted_from",
    "submitted_to",
    "campaign",
)
PUBLIC_FILTERS = ("respondent_type", "centre")
EXPORT_FILTERS = (
    "state",
    "respondent_type",
    "channel",
    "centre",
    "submitted_from",
    "submitted_to",
    "include_withdrawn",
)


def day_starts(day: datetime.date) -> datetime.datetime:
    """The first instant of a day in the council's time zone (London)."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)


def day_ends(day: datetime.date) -> datetime.datetime:
    """The first instant after a day in London: ranges of days include their last day."""
    return day_starts(day + datetime.timedelta(days=1))


def year_in_range(day: datetime.date) -> None:
    # Also keeps day_ends() from running past the last date Python knows.
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="out_of_range",
        )


def _choice(label, choices, message, empty, **kwargs):
    error_messages = {"invalid_choice": message}
    return django_filters.ChoiceFilter(
        label=label, choices=choices, empty_label=empty, error_messages=error_messages, **kwargs
    )


def _day(label, method, invalid):
    return django_filters.DateFilter(
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": invalid},
        validators=[year_in_range],
    )


class ResponseFilterForm(forms.Form):
    """The form a ResponseFilterSet checks its values with; a page's own form extends it."""

    date_order_message = _("The end date must be the same as or after the start date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "q" in self.fields:
            self.fields["q"].widget.attrs["spellcheck"] = "false"
        self.helper = FormHelper()
        # The page draws the <form>; a GET form needs no token.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(Field.select(name) for name in self.fields))

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", self.date_order_message)
        return data


class ResponseFilterSet(django_filters.FilterSet):
    """Every filter of a list of responses, and what it keeps."""

    q = django_filters.CharFilter(
        label=_("Search answers and organisation names"),
        method="filter_search",
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
        method="filter_kind",
    )
    channel = _choice(_("How it was sent"), Channel.choices, _("Choose how the response was sent"), _("Any way"))
    # The choices are the centres the page offers (set in __init__).
    centre = _choice(
        _("Centre chosen"), [], _("Choose a centre from the list"), _("Any centre"), method="filter_centre"
    )
    district = _choice(
        _("District of a centre chosen"),
        District.choices,
        _("Choose a district from the list"),
        _("Any district"),
        method="filter_district",
    )
    attachment = _choice(
        _("Attachment"),
        [(YES, _("Has an attachment")), (NO, _("No attachment"))],
        _("Choose yes or no"),
        _("Any"),
        method="filter_attachment",
    )
    # "yes", "no", or a group's code (the page adds the consultation's groups in __init__).
    campaign = _choice(
        _("Campaign"),
        [(YES, _("In a campaign")), (NO, _("Not in a campaign"))],
        _("Choose a campaign from the list"),
        _("Any"),
        method="filter_campaign",
    )
    submitted_from = _day(_("Sent on or after"), "filter_from", _("Enter a real date, for example 2018-09-17"))
    submitted_to = _day(_("Sent on or before"), "filter_to", _("Enter a real date, for example 2018-11-12"))
    # Applied by ``apply`` whether ticked or not: unticked (the default) leaves withdrawn responses out.
    include_withdrawn = django_filters.Filter(
        label=_("Include withdrawn responses"), method="filter_withdrawn", required=False
    )
    include_withdrawn.field_class = forms.BooleanField

    class Meta:
        model = Response
        fields: list[str] = []
        form = ResponseFilterForm

    def __init__(
        self,
        data=None,
        queryset: QuerySet | None = None,
        *,
        centres: Iterable = (),
        fields: Iterable[str] = QUEUE_FILTERS,
        form: type[forms.Form] | None = None,
        form_kwargs: Mapping | None = None,
        wording: Mapping[str, Mapping] | None = None,
        campaigns: Iterable[tuple[str, str]] = (),
    ):
        """``fields`` names the filters the page offers, ``form`` the form class they join,
        ``wording`` a filter's label, messages or field class where the page words it differently."""
        super().__init__(data, queryset)
        self.filters = {name: self.filters[name] for name in fields}
        self.form_class = form or self._meta.form
        self.form_kwargs = dict(form_kwargs or {})
        centres = list(centres)
        self.centre_ids = {centre.slug: centre.pk for centre in centres}
        if "centre" in self.filters:
            self.filters["centre"].extra["choices"] = [(c.slug, c.name) for c in centres]
        if "campaign" in self.filters:
            self.filters["campaign"].extra["choices"] = [*self.filters["campaign"].extra["choices"], *campaigns]
        for name, changes in (wording or {}).items():
            self._reword(self.filters[name], dict(changes))

    @staticmethod
    def _reword(filter_, changes: dict) -> None:
        if "label" in changes:
            filter_.label = changes.pop("label")
        if "field_class" in changes:
            filter_.field_class = changes.pop("field_class")
        filter_.extra.update(changes)

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{self.form_class.__name__}WithFilters", (self.form_class,), fields)

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            data = self.data if self.is_bound else None
            self._form = self.get_form_class()(data, **self.form_kwargs)
        return self._form

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The form may hold fields that are not filters (the queue's order and page).
        return self.apply(queryset, self.form.cleaned_data)

    def apply(self, queryset: QuerySet, values: Mapping) -> QuerySet:
        """Keep the responses that match ``values``, already checked (an export's stored choices)."""
        for name, filter_ in self.filters.items():
            if name == "include_withdrawn":
                queryset = self.filter_withdrawn(queryset, name, values.get(name))
            else:
                queryset = filter_.filter(queryset, values.get(name))
        return queryset

    def filter_search(self, queryset, name, value):
        return queue.search(queryset, value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(respondent_type__in=ORGANISATION_TYPES if value == ORGANISATION else INDIVIDUAL_TYPES)

    def filter_centre(self, queryset, name, value):
        # A page that offered the centres knows their ids and spares the join; an export's
        # stored slug is looked up, as its SQL twin does.
        if value in self.centre_ids:
            return queryset.filter(centres=self.centre_ids[value])
        return queryset.filter(centres__slug=value)

    def filter_district(self, queryset, name, value):
        chosen = Response.centres.through.objects.filter(response_id=OuterRef("pk"), centre__district=value)
        return queryset.filter(Exists(chosen))

    def filter_attachment(self, queryset, name, value):
        return queryset.exclude(attachment="") if value == YES else queryset.filter(attachment="")

    def filter_withdrawn(self, queryset, name, value):
        return queryset if value else queryset.filter(withdrawn_at__isnull=True)

    def filter_campaign(self, queryset, name, value):
        members = Membership.objects.filter(response_id=OuterRef("pk"))
        if value in (YES, NO):
            return queryset.filter(Exists(members)) if value == YES else queryset.exclude(Exists(members))
        # One group: its memberships' index gives the page in the queue's order (queue.py).
        group_id = Group.objects.filter(code=value).values_list("pk", flat=True).first()
        return queue.in_campaign_group(queryset, group_id) if group_id else queryset.none()

    # Days are days in London; comparing with the instants they begin and end keeps the
    # index on submitted_at usable.
    def filter_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=day_starts(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=day_ends(value))


def published_filters(data, queryset: QuerySet, *, centres) -> ResponseFilterSet:
    """The public page's few filters: its list is approved, consented responses only."""
    return ResponseFilterSet(
        data, queryset, centres=centres, fields=PUBLIC_FILTERS, wording={"centre": {"label": _("Centre")}}
    )
