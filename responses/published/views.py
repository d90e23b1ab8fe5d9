"""The public page of published responses for one consultation.

Only approved responses whose respondent agreed to publication appear, with their
answers redacted; never an email address, postcode or attachment, and a name only
when the respondent asked to be named.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from consultation.models import Consultation
from responses import answers as display
from responses.counts import services as counts
from responses.filters import published_filters
from responses.models import Consent

PAGE_SIZE = 20


class PublishedResponsesView(TemplateView):
    template_name = "responses/published/list.html"

    def get_context_data(self, **kwargs):
        consultation = get_object_or_404(Consultation.objects.published(), slug=self.kwargs["slug"])
        form, page = published_page(consultation, self.request.GET)
        questions = list(consultation.questions.all())
        centre_names = dict(consultation.centres.values_list("slug", "name"))
        entries = [_entry(response, questions, centre_names) for response in page.object_list]
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            consultation=consultation, form=form, page=page, entries=entries, query=query.urlencode(), **kwargs
        )


def published_page(consultation, data) -> tuple:
    """The filter form and the page of published responses that ``data`` (the query string) asks for."""
    responses = consultation.responses.publishable().prefetch_related("redactions")
    filters = published_filters(data or None, responses, centres=consultation.centres.order_by("name"))
    # Bad filter values show a message and the unfiltered list.
    values = filters.form.cleaned_data if filters.is_valid() else {}
    responses = filters.qs if values else responses
    paginator = Paginator(responses.order_by("submitted_at", "pk"), PAGE_SIZE)
    if not values.get("centre"):
        # The database keeps this count (responses/counts): no counting a million rows per page.
        paginator.count = counts.published_count(consultation, respondent_type=values.get("respondent_type") or "")
    return filters.form, paginator.get_page(data.get("page"))


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
