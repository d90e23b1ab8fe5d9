from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.CentreListView.as_view(), name="list"),
    path("<slug:slug>/", views.CentreDetailView.as_view(), name="detail"),
]
