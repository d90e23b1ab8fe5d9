"""Subject access and erasure requests, mounted at /staff/data-requests/."""

from django.urls import path

from . import views

app_name = "data_requests"
urlpatterns = [
    path("", views.DataRequestFindView.as_view(), name="find"),
    path("download/", views.DataRequestDownloadView.as_view(), name="download"),
    path("erase/", views.DataRequestEraseView.as_view(), name="erase"),
]
