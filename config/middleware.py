"""Answer a plain 503 page when the database cannot be reached, never a 500."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether an exception means the database could not be reached (rather than a bug)."""
    return isinstance(exception, OperationalError | InterfaceError) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            logger.error("Database unavailable: %s", exception)
            response = TemplateResponse(request, "503.html", status=503)
            response["Retry-After"] = "60"
            return response.render()
        return None


class NoStoreMiddleware:
    """Staff pages and their downloads (exports, letters) hold personal data: no cache may keep them.

    Keyed on the path, so every staff view and the admin is covered, also one added later.
    """

    PREFIXES = ("/staff/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.PREFIXES):
            add_never_cache_headers(response)
        return response


def server_error(request):
    """handler500. A database outage met outside a view (saving the session, say) is still a 503.

    Django calls this while handling the exception, so sys.exc_info() holds it. The
    page is rendered without a request context: nothing on it may need the database.
    """
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
