from django.urls import path

from . import views

app_name = "outcome_staff"
urlpatterns = [
    path("", views.OutcomeListView.as_view(), name="list"),
    path("<slug:slug>/", views.OutcomeEditView.as_view(), name="edit"),
    path("<slug:slug>/publish/", views.OutcomePublishView.as_view(), name="publish"),
]
