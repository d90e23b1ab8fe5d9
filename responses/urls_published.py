from django.urls import path

from .views import published

app_name = "published"
urlpatterns = [
    path("", published.PublishedResponsesView.as_view(), name="list"),
]
