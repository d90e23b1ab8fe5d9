from django.contrib import admin
from django.urls import include, path

from consultation import views

from . import admin_shortcut, health

handler400 = "config.middleware.bad_request"
handler500 = "config.middleware.server_error"

urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("consultations/", include("consultation.urls")),
    path("consultations/<slug:slug>/respond/", include("responses.respond.urls")),
    path("consultations/<slug:slug>/published/", include("responses.published.urls")),
    path("centres/", include("centres.urls")),
    path("staff/", include("staff.urls")),
    path("staff/moderation/", include("responses.moderation.urls")),
    path("staff/exports/", include("responses.exports.urls")),
    path("staff/campaigns/", include("campaigns.urls")),
    # Before the admin's own, which answers any staff account.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin_shortcut.view_on_site),
    path("admin/", admin.site.urls),
]
