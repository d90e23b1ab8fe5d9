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
    path("consultations/<slug:slug>/your-response/", include("responses.rights.urls")),
    path("consultations/<slug:slug>/outcome/", include("outcome.urls")),
    path("centres/", include("centres.urls")),
    path("staff/", include("staff.urls")),
    path("staff/moderation/", include("responses.moderation.urls")),
    path("staff/exports/", include("responses.exports.urls")),
    path("staff/consultations/", include("consultation.builder.urls")),
    path("staff/data-requests/", include("responses.requests.urls")),
    path("staff/logs/", include("responses.logs.urls")),
    path("staff/equality/", include("equality.urls")),
    path("staff/themes/", include("themes.urls")),
    path("staff/results/", include("responses.results.urls")),
    path("staff/outcomes/", include("outcome.staff_urls")),
    path("staff/campaigns/", include("campaigns.urls")),
    # Before the admin's own, which answers any staff account.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin_shortcut.view_on_site),
    path("admin/", admin.site.urls),
]
