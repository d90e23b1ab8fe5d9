from django.urls import path

from .views import moderation

app_name = "moderation"
urlpatterns = [
    path("", moderation.ModerationHomeView.as_view(), name="home"),
]
