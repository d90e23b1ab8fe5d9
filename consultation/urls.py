from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("<slug:slug>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document"),
]
