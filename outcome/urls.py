from django.urls import path

from . import views

app_name = "outcome"
urlpatterns = [
    path("", views.OutcomePageView.as_view(), name="page"),
    path("tables/<slug:key>.csv", views.OutcomeTableCsvView.as_view(), name="table"),
]
