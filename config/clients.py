"""The client's address, the same for rate limits and sign-in throttling (django-axes)."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The address the request came from, as settings.CLIENT_IP_HEADER gives it.

    Behind a proxy the header is a list; the last entry is the one our own proxy
    added, so a client cannot choose its own address by sending the header itself.
    A value that is not an address (a proxy sending something else) falls back to
    REMOTE_ADDR, because axes stores the address in an address column.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    value = request.META.get(settings.CLIENT_IP_HEADER, "") or remote
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
