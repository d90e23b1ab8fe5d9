from django.urls import path

from .views import exports

app_name = "exports"
urlpatterns = [
    path("", exports.ExportListView.as_view(), name="list"),
    path("new/", exports.ExportCreateView.as_view(), name="create"),
    path("<uuid:pk>/", exports.ExportDetailView.as_view(), name="detail"),
    path("<uuid:pk>/try-again/", exports.ExportRetryView.as_view(), name="retry"),
    path("<uuid:pk>/download/", exports.ExportDownloadView.as_view(), name="download"),
]
