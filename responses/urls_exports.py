from django.urls import path

from .views import exports

app_name = "exports"
urlpatterns = [
    path("", exports.ExportListView.as_view(), name="list"),
]
