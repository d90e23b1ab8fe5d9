"""The public response journey, mounted at /consultations/<slug>/respond/."""

from django.urls import path

from .views import public

app_name = "responses"
urlpatterns = [
    path("", public.ResponseStartView.as_view(), name="start"),
    path("who/", public.ResponseWhoView.as_view(), name="who"),
    path("about/", public.ResponseAboutView.as_view(), name="about"),
    path("questions/", public.ResponseQuestionsView.as_view(), name="questions"),
    path("check/", public.ResponseCheckView.as_view(), name="check"),
    path("done/", public.ResponseConfirmationView.as_view(), name="confirmation"),
]
