"""The analysts' exports: request one, follow it, download the file, see the list."""

import io

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from centres.models import Centre
from responses.models import Channel, ExportFormat, ExportStatus, RespondentType, State, private_storage

from . import services
from .csv import ExportFilters
from .forms import export_filters


def filters_summary(filters: dict, centre_names: dict[str, str]) -> list[str]:
    """The analyst's choices in words, for lists and the job page."""
    chosen = ExportFilters.from_json(filters)
    words = []
    for value, choices in ((chosen.state, State), (chosen.respondent_type, RespondentType), (chosen.channel, Channel)):
        if value in choices.values:
            words.append(str(choices(value).label))
    if chosen.centre:
        words.append(centre_names.get(chosen.centre, chosen.centre))
    if chosen.submitted_from:
        words.append(_("sent on or after %(day)s") % {"day": f"{chosen.submitted_from:%-d %B %Y}"})
    if chosen.submitted_to:
        words.append(_("sent on or before %(day)s") % {"day": f"{chosen.submitted_to:%-d %B %Y}"})
    words = words or [_("All responses")]
    if chosen.include_withdrawn:
        words.append(_("including withdrawn responses"))
    return words


class ExportAccessMixin(PermissionRequiredMixin):
    """Only the officer who asked for an export, or one who sees everyone's, may see it."""

    permission_required = "responses.request_export"

    def get_queryset(self):
        return services.exports_visible_to(self.request.user)

    def get_object(self, queryset=None):
        export = super().get_object(queryset)
        if not services.user_can_view_export(self.request.user, export):
            raise Http404
        return export


class ExportListView(PermissionRequiredMixin, ListView):
    permission_required = "responses.request_export"
    template_name = "responses/exports/export_list.html"
    context_object_name = "exports"
    paginate_by = 50

    def get_queryset(self):
        return services.exports_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre_slugs = {export.filters.get("centre") for export in context["exports"]} - {None, ""}
        names = dict(Centre.objects.filter(slug__in=centre_slugs).values_list("slug", "name")) if centre_slugs else {}
        for export in context["exports"]:
            export.summary = filters_summary(export.filters, names)
        context["sees_everyone"] = self.request.user.has_perm("responses.view_all_exports")
        return context


class ExportCreateView(PermissionRequiredMixin, FormView):
    permission_required = "responses.request_export"
    template_name = "responses/exports/export_form.html"

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method in ("POST", "PUT") else None
        return export_filters(data, user=self.request.user).form

    def form_valid(self, form):
        export = services.export_request(
            user=self.request.user,
            consultation=form.cleaned_data["consultation"],
            filters=form.filters,
            include_personal_data=form.cleaned_data["include_personal_data"],
            format=form.cleaned_data["format"],
        )
        return redirect("exports:detail", pk=export.pk)


class ExportDetailView(ExportAccessMixin, DetailView):
    template_name = "responses/exports/export_detail.html"
    context_object_name = "export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        export = self.object
        names = dict(Centre.objects.filter(slug=export.filters.get("centre") or "").values_list("slug", "name"))
        context["summary"] = filters_summary(export.filters, names)
        context["in_progress"] = export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
        return context


class ExportRetryView(ExportAccessMixin, SingleObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        failed = self.get_object()
        if failed.status != ExportStatus.FAILED:
            return redirect("exports:detail", pk=failed.pk)
        export = services.export_retry(user=request.user, export=failed)
        messages.success(request, _("We have started the export again."))
        return redirect("exports:detail", pk=export.pk)


class ExportDownloadView(ExportAccessMixin, SingleObjectMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        if export.status != ExportStatus.DONE or not export.file.name:
            return redirect("exports:detail", pk=export.pk)
        try:
            # From the private storage, never a public URL (the model's storage is bound at import).
            file = private_storage().open(export.file.name, "rb")
        except FileNotFoundError:
            messages.error(request, _("The file is no longer there. Request a new export."))
            return redirect(reverse("exports:detail", kwargs={"pk": export.pk}))
        services.export_download_record(export=export, user=request.user)
        filename = f"{_file_stem(export)}.{export.format}"
        return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[export.format])


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file_stem(export) -> str:
    created = timezone.localtime(export.created_at)
    return f"{export.consultation.slug}-responses-{created:%Y-%m-%d-%H%M}"


class ExportCodebookView(ExportAccessMixin, SingleObjectMixin, View):
    """The codebook of an export's columns as a CSV file (an XLSX export has it as its second sheet)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        buffer = io.BytesIO(services.export_codebook_csv(export=export))
        filename = f"{_file_stem(export)}-codebook.csv"
        return FileResponse(buffer, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["csv"])
