from django.urls import path

from . import views

app_name = "published"
urlpatterns = [
    path("", views.PublishedResponsesView.as_view(), name="list"),
]
