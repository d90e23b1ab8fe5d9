"""The public page of published responses for one consultation.

Only approved responses whose respondent agreed to publication appear, with their
answers redacted; never an email address, postcode or attachment, and a name only
when the respondent asked to be named.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from consultation.models import Consultation
from responses import answers as display
from responses.counts import services as counts
from responses.filters import published_filters
from responses.models import Consent
from responses.moderation import queue

PAGE_SIZE = 20


class PublishedResponsesView(TemplateView):
    template_name = "responses/published/list.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(Consultation.objects.published(), slug=self.kwargs["slug"])
        form, page = published_page(consultation, self.request.GET)
        questions = list(consultation.questions.all())
        centre_names = dict(consultation.centres.values_list("slug", "name"))
        entries = [_entry(response, questions, centre_names) for response in page.rows]
        query = self.request.GET.copy()
        for name in ("page", "after", "before"):
            query.pop(name, None)
        return super().get_context_data(
            consultation=consultation, form=form, page=page, entries=entries, query=query.urlencode(), **kwargs
        )


@dataclass(frozen=True)
class PublishedPage:
    """One page of published responses, cut by keyset like the queue (docs/decisions/0009)."""

    rows: list
    count: int
    number: int
    next_cursor: queue.Cursor | None
    previous_cursor: queue.Cursor | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))


def _cursor(value: str | None) -> queue.Cursor | None:
    try:
        return queue.Cursor.parse(value) if value else None
    except (ValueError, OverflowError):
        return None  # a damaged link shows the first page


def published_page(consultation, data) -> tuple:
    """The filter form and the page of published responses that ``data`` (the query string) asks for.

    Pages follow each other by keyset (``after``/``before`` the last or first row shown), so a page
    far down the list costs what the first does; ``page`` only numbers it for the reader. The
    count comes from the counts the database keeps (responses/counts), not from counting rows.
    """
    responses = consultation.responses.publishable().prefetch_related("redactions")
    filters = published_filters(data or None, responses, centres=consultation.centres.order_by("name"))
    # Bad filter values show a message and the unfiltered list.
    values = filters.form.cleaned_data if filters.is_valid() else {}
    after, before = _cursor(data.get("after")), _cursor(data.get("before"))
    found = queue.keyset_page(
        filters.qs if values else responses, size=PAGE_SIZE, newest_first=False, after=after, before=before
    )
    number = data.get("page", "")
    count = counts.published_count(
        consultation,
        respondent_type=values.get("respondent_type") or "",
        centre_id=filters.centre_ids.get(values.get("centre") or ""),
    )
    return filters.form, PublishedPage(
        rows=found.rows,
        count=count,
        number=int(number) if number.isdigit() and (after or before) else 1,
        next_cursor=found.next_cursor,
        previous_cursor=found.previous_cursor,
    )


def _entry(response, questions, centre_names) -> dict:
    spans = display.spans_by_field(response.redactions.all())
    return {
        "reference": response.public_reference,
        "respondent_type": response.get_respondent_type_display(),
        "organisation": display.organisation_name(response, spans, public=True) if response.is_organisation else "",
        "name": response.name if response.consent == Consent.PUBLISH_NAMED else "",
        "rows": display.answer_rows(
            questions=questions,
            answers=response.answers,
            centre_names=centre_names,
            spans=spans,
            public=True,
            hide_names=display.hidden_names(response),
        ),
    }
