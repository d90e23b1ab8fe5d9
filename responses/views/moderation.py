"""The officers' moderation views (placeholder until the moderation queue lands)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView


class ModerationHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "responses.moderate_response"
    template_name = "responses/moderation_home.html"
