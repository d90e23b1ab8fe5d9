"""Officers' equality monitoring pages: figures in aggregate, and the download with personal data."""

import logging

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import ListView, TemplateView

from consultation.models import Consultation

from .download import equality_rows
from .report import equality_report

logger = logging.getLogger(__name__)

# Any of these may see the figures in aggregate; only export_personal_data sees a person's answers.
REPORT_PERMISSIONS = ("responses.request_export", "consultation.manage_consultation", "responses.export_personal_data")
PERSONAL_PERMISSION = "responses.export_personal_data"


class ReportPermissionMixin(PermissionRequiredMixin):
    def has_permission(self):
        return any(self.request.user.has_perm(permission) for permission in REPORT_PERMISSIONS)


class EqualityConsultationListView(ReportPermissionMixin, ListView):
    template_name = "equality/list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        # Also those that asked the questions once and no longer do: their answers are still reported.
        asked = Q(equality_monitoring=True) | Q(responses__equality__isnull=False)
        return Consultation.objects.filter(asked).distinct().order_by("-opens_at")


class EqualityReportView(ReportPermissionMixin, TemplateView):
    template_name = "equality/report.html"

    def get_context_data(self, slug, **kwargs):
        consultation = get_object_or_404(Consultation, slug=slug)
        return super().get_context_data(
            consultation=consultation,
            may_download=self.request.user.has_perm(PERSONAL_PERMISSION),
            **equality_report(consultation),
            **kwargs,
        )


class EqualityDownloadView(PermissionRequiredMixin, View):
    permission_required = PERSONAL_PERMISSION

    def get(self, request, slug):
        consultation = get_object_or_404(Consultation, slug=slug)
        logger.info("Equality answers of %s downloaded by %s", consultation.slug, request.user.get_username())
        response = StreamingHttpResponse(equality_rows(consultation), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="equality-{consultation.slug}.csv"'
        return response
