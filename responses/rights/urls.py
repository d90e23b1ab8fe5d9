"""The respondent's own response, reached by the signed link in their receipt.

Mounted at /consultations/<slug>/your-response/.
"""

from django.urls import path

from . import views

app_name = "rights"
urlpatterns = [
    path("<str:token>/", views.ResponseRightsView.as_view(), name="view"),
    path("<str:token>/change/", views.ResponseCorrectView.as_view(), name="correct"),
    path("<str:token>/withdraw/", views.ResponseWithdrawView.as_view(), name="withdraw"),
]
