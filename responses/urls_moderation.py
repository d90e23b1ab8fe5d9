from django.urls import path

from .views import moderation

app_name = "moderation"
urlpatterns = [
    path("", moderation.ModerationHomeView.as_view(), name="home"),
    path("consultations/<slug:slug>/", moderation.QueueView.as_view(), name="queue"),
    path("consultations/<slug:slug>/enter/", moderation.ResponseEntryView.as_view(), name="enter"),
    path("consultations/<slug:slug>/bulk/", moderation.BulkDecisionView.as_view(), name="bulk"),
    path("responses/<str:reference>/", moderation.ResponseDetailView.as_view(), name="response"),
    path("responses/<str:reference>/decide/", moderation.ResponseDecideView.as_view(), name="decide"),
    path("responses/<str:reference>/verify/", moderation.OrganisationVerifyView.as_view(), name="verify"),
    path("responses/<str:reference>/redact/", moderation.ResponseRedactView.as_view(), name="redact"),
    path(
        "responses/<str:reference>/redactions/<int:pk>/remove/",
        moderation.RedactionRemoveView.as_view(),
        name="redaction-remove",
    ),
    path("responses/<str:reference>/attachment/", moderation.AttachmentDownloadView.as_view(), name="attachment"),
]
