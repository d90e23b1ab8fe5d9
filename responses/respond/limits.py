"""How many letters one session or client address may upload (django-ratelimit, in the cache)."""

import logging

from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from .draft import client_address

logger = logging.getLogger(__name__)

# Each letter is stored when its page is sent, before the response is.
LETTERS_PER_ADDRESS = "10/h"
LETTERS_PER_SESSION = "5/h"
LETTERS_LIMITED = _("You have uploaded too many letters. Wait an hour before you upload another")


def letters_limited(request) -> bool:
    """Whether this session or address uploaded too many letters this hour (each is stored when sent)."""
    session = request.session.session_key
    try:
        by_session = session is not None and is_ratelimited(
            request,
            group="responses:letter-session",
            key=lambda group, request: session,
            rate=LETTERS_PER_SESSION,
            increment=True,
        )
        by_address = is_ratelimited(
            request, group="responses:letter", key=client_address, rate=LETTERS_PER_ADDRESS, increment=True
        )
    except Exception:  # noqa: BLE001 - a cache outage must not stop people responding
        logger.warning("Rate limit cache unavailable; letter accepted without a limit", exc_info=True)
        return False
    return by_session or by_address
