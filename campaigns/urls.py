from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("consultations/<slug:slug>/", views.GroupListView.as_view(), name="list"),
    path("groups/<slug:code>/", views.GroupDetailView.as_view(), name="group"),
    path("groups/<slug:code>/confirm/", views.GroupConfirmView.as_view(), name="confirm"),
    path("groups/<slug:code>/decide/", views.GroupDecideView.as_view(), name="decide"),
    path("groups/<slug:code>/merge/", views.GroupMergeView.as_view(), name="merge"),
    path("groups/<slug:code>/remove/<slug:reference>/", views.GroupRemoveView.as_view(), name="remove"),
]
