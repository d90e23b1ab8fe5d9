from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.ResultsHomeView.as_view(), name="home"),
    path("<slug:slug>/", views.ResultsView.as_view(), name="consultation"),
    path("<slug:slug>/tables/<slug:key>.csv", views.TableCsvView.as_view(), name="table"),
    path("<slug:slug>/centres/<slug:centre>/", views.CentreResultsView.as_view(), name="centre"),
    path("<slug:slug>/centres/<slug:centre>/tables/<slug:key>.csv", views.TableCsvView.as_view(), name="centre-table"),
]
