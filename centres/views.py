"""Public pages: the register of centres, and one centre with its proposal history."""

from django.views.generic import DetailView, TemplateView

from .forms import NOT_KNOWN, CentreFilterForm
from .models import Centre, Stage, StageFigures


class CentreListView(TemplateView):
    """Every centre, grouped by district, with its status at the chosen stage and the register's figures."""

    template_name = "centres/centre_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stages = list(Stage.objects.all())
        form = CentreFilterForm(self.request.GET, stages=stages)
        # A bad value shows an error message and the whole register, never a server error.
        filters = form.cleaned_data if form.is_valid() else {}
        stage = filters.get("stage") or form.default_stage()
        centres = Centre.objects.with_status_at(stage)
        if filters.get("district"):
            centres = centres.in_district(filters["district"])
        if filters.get("q"):
            centres = centres.search(filters["q"])
        if filters.get("status"):
            centres = centres.with_stage_status("" if filters["status"] == NOT_KNOWN else filters["status"])
        context.update(
            form=form,
            stage=stage,
            centres=list(centres),
            is_filtered=any(filters.get(name) for name in ("district", "q", "status")),
            figures=StageFigures.from_counts(stage=stage, counts=Centre.objects.status_counts_at(stage))
            if stage
            else None,
        )
        return context


class CentreDetailView(DetailView):
    """One centre: its facts, its status at each stage of the proposal, and the sources for them."""

    template_name = "centres/centre_detail.html"
    context_object_name = "centre"

    def get_queryset(self):
        return Centre.objects.prefetch_related("statuses")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_stage = {status.stage_id: status for status in self.object.statuses.all()}
        # Every stage is listed, so a stage with no recorded status reads "Not known".
        history = [(stage, by_stage.get(stage.pk)) for stage in Stage.objects.all()]
        context.update(history=history, current=history[-1] if history else None)
        return context
