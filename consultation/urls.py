from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "consultation.middleware.server_error"

urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("consultations/", include("consultation.urls_public")),
    path("consultations/<slug:slug>/respond/", include("responses.urls")),
    path("consultations/<slug:slug>/published/", include("responses.urls_published")),
    path("centres/", include("centres.urls")),
    path("staff/", include("consultation.urls_staff")),
    path("staff/moderation/", include("responses.urls_moderation")),
    path("staff/exports/", include("responses.urls_exports")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    # bench/load.py measures the framework's ceiling here; never on in production.
    from bench import views as bench_views

    urlpatterns += [path("bench/insert-one-row", bench_views.insert_one_row, name="bench-insert-one-row")]
