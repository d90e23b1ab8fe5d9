"""The staff area's entrance: sign in (the password; the code is in two_factor/), sign out, the
home page, and the "Stay signed in" request of the timeout warning."""

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import RedirectURLMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic import TemplateView

from . import sessions
from .access import VerifiedStaffMixin, second_factor_url
from .forms import StaffAuthenticationForm


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The password was right: a short session, then the second factor before any staff page."""
        user = form.get_user()
        auth_login(self.request, user)
        sessions.session_start(self.request)
        response = HttpResponseRedirect(second_factor_url(user, self.get_success_url()))
        sessions.signed_in_mark(response)
        return response

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if sessions.timed_out(request):
            sessions.signed_in_forget(response)  # said once
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "timed_out": sessions.timed_out(self.request),
            "session_minutes": sessions.session_minutes(),
        }


class StaffLogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        sessions.signed_in_forget(response)
        return response


class StaffHomeView(VerifiedStaffMixin, TemplateView):
    template_name = "staff/home.html"


class SessionExtendView(VerifiedStaffMixin, RedirectURLMixin, View):
    """ "Stay signed in": any staff request renews the session; this one does nothing else."""

    next_page = "staff:home"

    def post(self, request, *args, **kwargs):
        request.session.modified = True
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)
        return HttpResponseRedirect(self.get_success_url())
