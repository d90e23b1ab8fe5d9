"""The public response journey, mounted at /consultations/<slug>/respond/."""

from django.urls import path

from . import views

app_name = "responses"
urlpatterns = [
    path("", views.ResponseStartView.as_view(), name="start"),
    path("who/", views.ResponseWhoView.as_view(), name="who"),
    path("about/", views.ResponseAboutView.as_view(), name="about"),
    path("questions/", views.ResponseQuestionsView.as_view(), name="questions"),
    path("check/", views.ResponseCheckView.as_view(), name="check"),
    path("done/", views.ResponseConfirmationView.as_view(), name="confirmation"),
]
