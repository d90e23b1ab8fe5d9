from django.urls import path

from . import views
from .accounts import views as accounts
from .two_factor import views as two_factor

app_name = "staff"
urlpatterns = [
    path("", views.StaffHomeView.as_view(), name="home"),
    path("sign-in/", views.StaffLoginView.as_view(), name="login"),
    path("sign-in/code/", two_factor.TwoFactorView.as_view(), name="two-factor"),
    path("sign-in/set-up/", two_factor.EnrolView.as_view(), name="enrol"),
    path("sign-in/backup-codes/", two_factor.BackupCodesView.as_view(), name="backup-codes"),
    path("sign-out/", views.StaffLogoutView.as_view(), name="logout"),
    path("session/extend/", views.SessionExtendView.as_view(), name="session-extend"),
    path("accounts/", accounts.AccountListView.as_view(), name="accounts"),
    path("accounts/invite/", accounts.InvitationCreateView.as_view(), name="invite"),
    path("accounts/<int:pk>/", accounts.AccountDetailView.as_view(), name="account"),
    path("accounts/<int:pk>/roles/", accounts.AccountRolesView.as_view(), name="account-roles"),
    path("accounts/<int:pk>/active/", accounts.AccountActiveView.as_view(), name="account-active"),
    path("accounts/<int:pk>/two-factor/reset/", accounts.TwoFactorResetView.as_view(), name="account-two-factor-reset"),
    path("invitation/<str:token>/", accounts.InvitationAcceptView.as_view(), name="invitation"),
]
