"""The staff area's entrance: sign in, sign out and the home page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .forms import StaffAuthenticationForm


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    pass


class StaffHomeView(LoginRequiredMixin, TemplateView):
    template_name = "staff/home.html"
