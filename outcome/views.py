"""The public outcome page, and the managers' page that writes and publishes it."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from centres.models import Centre, StageFigures
from consultation.models import Consultation, ConsultationStatus

from . import services
from .forms import OutcomeForm
from .models import Outcome


def _published(slug: str) -> Outcome:
    outcome = (
        Outcome.objects.select_related("consultation", "decision_stage")
        .filter(consultation__slug=slug, consultation__published_at__isnull=False, published_at__isnull=False)
        .first()
    )
    # A consultation reopened (its closing time moved on) after its outcome was published is
    # open again: its outcome waits until it closes (Consultation.status_at decides).
    if outcome is None or outcome.consultation.status != ConsultationStatus.OUTCOME_PUBLISHED:
        raise Http404("No outcome has been published for this consultation.")
    return outcome


class OutcomePageView(TemplateView):
    """We asked, you said, we did: nothing before the outcome is published."""

    template_name = "outcome/outcome.html"

    def get_context_data(self, **kwargs):
        outcome = _published(self.kwargs["slug"])
        stage = outcome.decision_stage
        figures = (
            StageFigures.from_counts(stage=stage, counts=Centre.objects.status_counts_at(stage)) if stage else None
        )
        return super().get_context_data(
            outcome=outcome,
            consultation=outcome.consultation,
            tables=services.snapshot_tables(outcome.snapshot, outcome.charts),
            figures=figures,
        )


class OutcomeTableCsvView(View):
    def get(self, request, slug, key):
        outcome = _published(slug)
        tables = {table.key: table for table in services.snapshot_tables(outcome.snapshot, outcome.charts)}
        if key not in tables:
            raise Http404("No such table.")
        response = HttpResponse(tables[key].as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}-outcome-{key}.csv"'
        return response


class ManagerRequiredMixin(PermissionRequiredMixin):
    permission_required = "consultation.manage_consultation"


class OutcomeListView(ManagerRequiredMixin, TemplateView):
    template_name = "outcome/manage_list.html"

    def get_context_data(self, **kwargs):
        consultations = Consultation.objects.select_related("outcome_page").order_by("-closes_at")
        return super().get_context_data(consultations=consultations, **kwargs)


class OutcomeEditView(ManagerRequiredMixin, TemplateView):
    template_name = "outcome/manage.html"

    def setup_outcome(self):
        self.consultation = get_object_or_404(Consultation, slug=self.kwargs["slug"])
        self.outcome = Outcome.objects.filter(consultation=self.consultation).first() or Outcome(
            consultation=self.consultation
        )

    def form(self, data=None):
        return OutcomeForm(data, instance=self.outcome, chart_choices=services.chart_choices(self.consultation))

    def get(self, request, *args, **kwargs):
        self.setup_outcome()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.setup_outcome()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, "Outcome saved. It is not public until you publish it.")
        return redirect("outcome_staff:edit", slug=self.consultation.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            outcome=self.outcome,
            can_publish=services.can_publish(self.consultation),
            **kwargs,
        )


class OutcomePublishView(ManagerRequiredMixin, View):
    def post(self, request, slug):
        outcome = get_object_or_404(Outcome.objects.select_related("consultation"), consultation__slug=slug)
        if request.POST.get("action") == "withdraw":
            services.outcome_withdraw(outcome=outcome)
            messages.success(request, "The outcome page is no longer public.")
            return redirect("outcome_staff:edit", slug=slug)
        try:
            services.outcome_publish(outcome=outcome, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("outcome_staff:edit", slug=slug)
        messages.success(request, "The outcome is published, with the figures as they are now.")
        return redirect("outcome:page", slug=slug)
