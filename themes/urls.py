from django.urls import path

from .views import codebook, coding

app_name = "themes"
urlpatterns = [
    path("", codebook.CodebookHomeView.as_view(), name="home"),
    path("<slug:slug>/", codebook.CodebookView.as_view(), name="codebook"),
    path("<slug:slug>/add/", codebook.ThemeFormView.as_view(), name="add"),
    path("<slug:slug>/counts/", codebook.CountsView.as_view(), name="counts"),
    path("<slug:slug>/code/", coding.BulkCodeView.as_view(), name="bulk"),
    path("<slug:slug>/<int:pk>/", coding.ThemeDetailView.as_view(), name="theme"),
    path("<slug:slug>/<int:pk>/edit/", codebook.ThemeFormView.as_view(), name="edit"),
    path("<slug:slug>/<int:pk>/remove/", codebook.ThemeRemoveView.as_view(), name="remove"),
    path("<slug:slug>/<int:pk>/code/", coding.SuggestionCodeView.as_view(), name="code-suggestion"),
    path("<slug:slug>/responses/<slug:reference>/", coding.ResponseThemesView.as_view(), name="response"),
    path("<slug:slug>/responses/<slug:reference>/code/", coding.ResponseCodeView.as_view(), name="code-response"),
]
