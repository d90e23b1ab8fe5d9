"""The consultation builder, mounted at /staff/consultations/."""

from django.urls import path

from . import document_views, preview, question_views, views

app_name = "builder"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="list"),
    path("new/", views.ConsultationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ConsultationEditView.as_view(), name="edit"),
    path("<int:pk>/publish/", views.ConsultationPublishView.as_view(), name="publish"),
    path("<int:pk>/unpublish/", views.ConsultationActionView.as_view(action="unpublish"), name="unpublish"),
    path("<int:pk>/close/", views.ConsultationActionView.as_view(action="close"), name="close"),
    path("<int:pk>/review/", views.ConsultationActionView.as_view(action="review"), name="review"),
    path("<int:pk>/preview/", preview.PreviewView.as_view(), name="preview"),
    path("<int:pk>/preview/questions/", preview.PreviewQuestionsView.as_view(), name="preview-questions"),
    path("<int:pk>/questions/new/", question_views.QuestionCreateView.as_view(), name="question-create"),
    path("<int:pk>/questions/<int:question>/", question_views.QuestionEditView.as_view(), name="question-edit"),
    path(
        "<int:pk>/questions/<int:question>/remove/",
        question_views.QuestionRemoveView.as_view(),
        name="question-remove",
    ),
    path("<int:pk>/questions/<int:question>/move/", question_views.QuestionMoveView.as_view(), name="question-move"),
    path("<int:pk>/documents/new/", document_views.DocumentCreateView.as_view(), name="document-create"),
    path("<int:pk>/documents/<int:document>/", document_views.DocumentEditView.as_view(), name="document-edit"),
    path(
        "<int:pk>/documents/<int:document>/remove/",
        document_views.DocumentRemoveView.as_view(),
        name="document-remove",
    ),
]
