"""The analysts' export views (placeholder until exports land)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView


class ExportListView(PermissionRequiredMixin, TemplateView):
    permission_required = "responses.request_export"
    template_name = "responses/export_list.html"
