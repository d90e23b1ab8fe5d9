"""Answer a plain 503 page when the database cannot be reached, never a 500."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views import defaults

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


def bad_request(request, exception):
    """handler400. A session that could not be saved because the database is down is a 503, not a 400.

    SessionMiddleware turns any database error on saving the session into
    SessionInterrupted (a bad request); the outage is further down its chain.
    """
    if _outage_in_chain(exception):
        logger.error("Database unavailable while saving the session: %s", exception)
        return _unavailable()
    return defaults.bad_request(request, exception)


def _outage_in_chain(exception: BaseException | None) -> bool:
    seen = set()
    while exception is not None and id(exception) not in seen:
        if database_unavailable(exception):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _unavailable() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


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
    if _outage_in_chain(sys.exc_info()[1]):
        return _unavailable()
    return HttpResponse(loader.render_to_string("500.html"), status=500)
