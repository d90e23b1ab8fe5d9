from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.ExportListView.as_view(), name="list"),
    path("new/", views.ExportCreateView.as_view(), name="create"),
    path("<uuid:pk>/", views.ExportDetailView.as_view(), name="detail"),
    path("<uuid:pk>/try-again/", views.ExportRetryView.as_view(), name="retry"),
    path("<uuid:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
    path("<uuid:pk>/codebook/", views.ExportCodebookView.as_view(), name="codebook"),
]
