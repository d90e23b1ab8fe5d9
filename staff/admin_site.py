"""The admin behind the staff sign-in: django_otp's OTPAdminSite, so only a session verified by
its second factor may use it, and its own login and logout pages hand over to the staff ones."""

from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class StaffAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        # OTPAdminSite names itself "otpadmin"; the project's URLs and templates say "admin".
        super().__init__(name)

    def login(self, request, extra_context=None):
        """One way in: the staff sign-in page with its code, then back to the admin."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('staff:login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")

    def logout(self, request, extra_context=None):
        from .views import StaffLogoutView

        return StaffLogoutView.as_view()(request)
