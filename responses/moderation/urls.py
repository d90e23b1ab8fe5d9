from django.urls import path

from responses.respond import entry

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.ModerationHomeView.as_view(), name="home"),
    path("consultations/<slug:slug>/", views.QueueView.as_view(), name="queue"),
    path("consultations/<slug:slug>/enter/", entry.ResponseEntryView.as_view(), name="enter"),
    path("consultations/<slug:slug>/bulk/", views.BulkDecisionView.as_view(), name="bulk"),
    path("responses/<slug:reference>/", views.ResponseDetailView.as_view(), name="response"),
    path("responses/<slug:reference>/decide/", views.ResponseDecideView.as_view(), name="decide"),
    path("responses/<slug:reference>/verify/", views.OrganisationVerifyView.as_view(), name="verify"),
    path("responses/<slug:reference>/redact/", views.ResponseRedactView.as_view(), name="redact"),
    path(
        "responses/<slug:reference>/redactions/<int:pk>/remove/",
        views.RedactionRemoveView.as_view(),
        name="redaction-remove",
    ),
    path("responses/<slug:reference>/attachment/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
