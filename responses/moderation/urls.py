from django.urls import path

from responses.respond import entry

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.ModerationHomeView.as_view(), name="home"),
    path("consultations/<slug:slug>/", views.QueueView.as_view(), name="queue"),
    path("consultations/<slug:slug>/enter/", entry.ResponseEntryView.as_view(), name="enter"),
    path("consultations/<slug:slug>/bulk/", views.BulkDecisionView.as_view(), name="bulk"),
    path("responses/<str:reference>/", views.ResponseDetailView.as_view(), name="response"),
    path("responses/<str:reference>/decide/", views.ResponseDecideView.as_view(), name="decide"),
    path("responses/<str:reference>/verify/", views.OrganisationVerifyView.as_view(), name="verify"),
    path("responses/<str:reference>/redact/", views.ResponseRedactView.as_view(), name="redact"),
    path(
        "responses/<str:reference>/redactions/<int:pk>/remove/",
        views.RedactionRemoveView.as_view(),
        name="redaction-remove",
    ),
    path("responses/<str:reference>/attachment/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
