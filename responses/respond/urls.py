"""The public response journey, mounted at /consultations/<slug>/respond/."""

from django.urls import path

from equality.journey import EqualityStepView
from responses.drafts import views as saved

from . import views

app_name = "responses"
urlpatterns = [
    path("", views.ResponseStartView.as_view(), name="start"),
    path("who/", views.ResponseWhoView.as_view(), name="who"),
    path("about/", views.ResponseAboutView.as_view(), name="about"),
    path("questions/", views.ResponseQuestionsView.as_view(), name="questions"),
    path("equality/", EqualityStepView.as_view(), name="equality"),
    path("check/", views.ResponseCheckView.as_view(), name="check"),
    path("done/", views.ResponseConfirmationView.as_view(), name="confirmation"),
    path("save/", saved.DraftSaveView.as_view(), name="save"),
    path("save/sent/", saved.DraftSaveSentView.as_view(), name="save-sent"),
    path("saved/<str:token>/", saved.DraftLinkView.as_view(), name="saved"),
]
