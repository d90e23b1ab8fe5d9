"""The staff logs, mounted at /staff/logs/."""

from django.urls import path

from . import views

app_name = "logs"
urlpatterns = [
    path("", views.LogsHomeView.as_view(), name="home"),
    path("decisions/", views.DecisionLogView.as_view(), name="decisions"),
    path("downloads/", views.DownloadLogView.as_view(), name="downloads"),
    # Consultation change history goes here once consultations keep one (django-simple-history,
    # another change): a view listing each consultation's historical records, with the same filters.
]
