"""Both factors before any staff page: a session is "verified" only once its officer typed a code.

`SecondFactorMiddleware` is the one place that enforces it, for every URL under /staff/ and
/admin/ whatever view answers (moderation, exports, the admin, pages added later), so no view
can forget. A signed-in officer who has not typed a code yet is sent to the code page (or to set
up their authenticator app); elsewhere on the site such a session counts as signed out.
`VerifiedStaffMixin` is django_otp's `otp_required` for the staff app's own class-based views.
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware

STAFF_PREFIXES = ("/staff/", "/admin/")
# The steps of signing in, and the way out, answer a session that has no second factor yet.
SIGN_IN_STEPS = {
    "staff:login",
    "staff:logout",
    "staff:two-factor",
    "staff:enrol",
    "staff:invitation",
}


def second_factor_url(user, next_url: str = "") -> str:
    """The code page, or the set-up page for an officer with no authenticator app yet."""
    url = reverse("staff:two-factor" if user_has_device(user) else "staff:enrol")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _sign_in_step(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in SIGN_IN_STEPS


class SecondFactorMiddleware(OTPMiddleware):
    """django_otp's OTPMiddleware (user.is_verified()), then: no staff or admin page for an unverified session."""

    sync_capable, async_capable = True, False

    def __call__(self, request):
        self._install_lazy_accessors(request)
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if not request.path_info.startswith(STAFF_PREFIXES):
                request.user = AnonymousUser()
            elif not _sign_in_step(request.path_info):
                return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
        return self.get_response(request)


class VerifiedStaffMixin(AccessMixin):
    """Signed in with both factors (django_otp's otp_required for class-based views)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not user.is_verified():
            return HttpResponseRedirect(second_factor_url(user, request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)


class ManageStaffMixin(VerifiedStaffMixin):
    """Service administrators and superusers: the accounts pages."""

    permission = "staff.manage_staff"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_verified() and not user.has_perm(self.permission):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
