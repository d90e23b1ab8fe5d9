"""Results pages for analysts, moderators and consultation managers: thin views over ``services``.

Anonymous visitors go to the sign-in page; officers without one of the three roles get 403.
Bad filter values show their messages and no figures, as the queue does.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from campaigns.queries import campaign_choices
from centres.models import Centre
from config.replica import replica_reads
from consultation.models import Consultation

from .centre import centre_counts, centre_results
from .counting import counts_for
from .filters import LEFT_OUT, results_filters
from .services import results
from .tasks import summary_enqueue

RESULTS_PERMISSIONS = ("responses.request_export", "responses.moderate_response", "consultation.manage_consultation")


class ResultsAccessMixin(PermissionRequiredMixin):
    def has_permission(self) -> bool:
        return any(self.request.user.has_perm(permission) for permission in RESULTS_PERMISSIONS)


def _query(request, **changes) -> str:
    """The page's query string, with ``changes`` (an empty value drops the parameter)."""
    data = request.GET.copy()
    for name, value in changes.items():
        data.pop(name, None)
        if value:
            data[name] = value
    return data.urlencode()


class ResultsHomeView(ResultsAccessMixin, TemplateView):
    template_name = "results/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultations=Consultation.objects.order_by("-opens_at"), **kwargs)


class FilteredMixin(ResultsAccessMixin):
    def dispatch(self, request, *args, **kwargs):
        # The counting reads go to the read replica when there is one (config/replica.py),
        # the page rendered inside the block since its figures may be read while it renders.
        with replica_reads(what="results page reads"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def filtered(self):
        """(filter set, chosen responses or None when the filters are bad); sets self.consultation."""
        self.consultation = get_object_or_404(Consultation, slug=self.kwargs["slug"])
        centres = list(self.consultation.centres.order_by("name"))
        everything = self.consultation.responses.not_withdrawn()  # a withdrawn response leaves the counts
        groups = campaign_choices(self.consultation.pk)
        filters = results_filters(self.request.GET, everything, centres=centres, groups=groups)
        if not filters.is_valid():
            return filters, None
        # The totals by state: the same filters, any state.
        self.all_states = results_filters(self.request.GET, everything, centres=centres, groups=groups, state=False).qs
        return filters, filters.qs

    def centre_found(self, filters, centre, responses):
        values = filters.form.cleaned_data
        counts = centre_counts(self.consultation, centre, values=values, responses=responses)
        return centre_results(self.consultation, centre, counts)

    def counts(self, filters, responses):
        values = filters.form.cleaned_data
        return counts_for(self.consultation, values=values, responses=responses, all_states=self.all_states)


class ResultsView(FilteredMixin, TemplateView):
    template_name = "results/results.html"

    def get_context_data(self, **kwargs):
        filters, responses = self.filtered()
        found, counting_now = None, False
        if responses is not None:
            counts = self.counts(filters, responses)
            if counts is None:
                summary_enqueue(consultation_id=self.consultation.pk)
                counting_now = True
            else:
                found = results(self.consultation, counts, responses)
        return super().get_context_data(
            consultation=self.consultation,
            form=filters.form,
            results=found,
            counting_now=counting_now,
            query=_query(self.request),
            campaign=(filters.form.cleaned_data.get("campaign") or "") if responses is not None else "",
            with_campaigns=_query(self.request, campaign=""),
            without_campaigns=_query(self.request, campaign=LEFT_OUT),
            **kwargs,
        )


class CentreResultsView(FilteredMixin, TemplateView):
    template_name = "results/centre.html"

    def get_context_data(self, **kwargs):
        # The URL's own keywords (slug, centre) are not passed on: the page names its own.
        filters, responses = self.filtered()
        centre = get_object_or_404(Centre, slug=self.kwargs["centre"])
        found = self.centre_found(filters, centre, responses) if responses is not None else None
        return super().get_context_data(
            consultation=self.consultation,
            centre=centre,
            form=filters.form,
            results=found,
            query=_query(self.request),
            campaign=(filters.form.cleaned_data.get("campaign") or "") if responses is not None else "",
        )


class TableCsvView(FilteredMixin, View):
    """One table of the results page (or of a centre's page) as CSV, with the same filters."""

    def get(self, request, *args, **kwargs):
        _filters, responses = self.filtered()
        if responses is None:
            raise Http404("The filters are not valid.")
        if "centre" in self.kwargs:
            centre = get_object_or_404(Centre, slug=self.kwargs["centre"])
            tables = self.centre_found(_filters, centre, responses).by_key
            name = f"{self.consultation.slug}-{centre.slug}-{self.kwargs['key']}"
        else:
            counts = self.counts(_filters, responses)
            if counts is None:  # being counted: the results page says so
                return redirect("results:consultation", slug=self.consultation.slug)
            tables = results(self.consultation, counts, responses).tables
            name = f"{self.consultation.slug}-{self.kwargs['key']}"
        table = tables.get(self.kwargs["key"])
        if table is None:
            raise Http404("No such table.")
        response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
