"""Sign-in throttling (django-axes): per user name and address, and per address across user names.

settings.AXES_LOCKOUT_PARAMETERS lists two keys: the user name with the address, then
the address alone. Axes compares every key with one limit, AXES_FAILURE_LIMIT (5), but
five failures from one address across all accounts is too few for an office where many
officers share one address. So this handler scales the address's failures down: the
address is locked at ADDRESS_FAILURE_LIMIT (20) failures across user names.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username as axes_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

ADDRESS_FAILURE_LIMIT = 20
# The width of axes' username columns.
USERNAME_MAX_LENGTH = 255


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name tried, cut to what axes can store (a longer one is never a real account)."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


class SignInThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The larger of the account's failures and the address's, scaled onto AXES_FAILURE_LIMIT."""
        account, *addresses = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = settings.AXES_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT
        return max([account, *(failures * limit // address_limit for failures in addresses)])

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a good sign-in, forget that account's failures from this address, not the address's others."""
        username = axes_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return deleted
