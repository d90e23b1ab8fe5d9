"""Officers' equality monitoring pages, mounted at /staff/equality/."""

from django.urls import path

from . import views

app_name = "equality"
urlpatterns = [
    path("", views.EqualityConsultationListView.as_view(), name="list"),
    path("<slug:slug>/", views.EqualityReportView.as_view(), name="report"),
    path("<slug:slug>/answers.csv", views.EqualityDownloadView.as_view(), name="download"),
]
