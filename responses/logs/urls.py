"""The staff logs, mounted at /staff/logs/."""

from django.urls import path

from . import views

app_name = "logs"
urlpatterns = [
    path("", views.LogsHomeView.as_view(), name="home"),
    path("decisions/", views.DecisionLogView.as_view(), name="decisions"),
    path("downloads/", views.DownloadLogView.as_view(), name="downloads"),
    path("consultation-changes/", views.ChangeLogView.as_view(), name="changes"),
]
