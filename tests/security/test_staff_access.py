"""No staff or admin page answers a visitor who has not signed in: every one sends them to sign in."""

import uuid

from django.urls import URLPattern, URLResolver, get_resolver

# Pages that must answer everyone: the ways in and out (an invitation's link is a way in).
SIGN_IN_AND_OUT = {"staff:login", "staff:logout", "admin:login", "admin:logout", "staff:invitation"}
STAFF_PREFIXES = ("staff/", "admin/")
SAMPLE_VALUES = {"slug": "sample", "str": "sample", "path": "sample", "int": "1", "uuid": str(uuid.uuid4())}


def _patterns(resolver=None, prefix="", namespace=""):
    """Every URL pattern as (route, name, converters), walking included URLconfs."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, route, ns)
        elif isinstance(entry, URLPattern):
            converters = getattr(entry.pattern, "converters", {})
            yield route, f"{namespace}{entry.name}", {**resolver.pattern.converters, **converters}


def _sample_url(route: str, converters: dict) -> str | None:
    """A concrete address for a route, or None for regular-expression routes Django's admin builds."""
    import re

    if route.startswith("^") or "(?P" in route:
        return _admin_regex_url(route)

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda match: SAMPLE_VALUES.get(match.group(1) or "str", "sample"), route)


def _admin_regex_url(route: str) -> str:
    # The admin's app index is ^admin/(?P<app_label>auth|centres|...)/$: take the first app.
    import re

    route = route.replace("^", "").replace("$", "").replace("(?P<url>.*)", "sample")
    route = re.sub(r"\(\?P<\w+>([\w-]+)(?:\|[^)]*)?\)", r"\1", route)
    return "/" + route


def staff_urls() -> dict[str, str]:
    urls = {}
    for route, name, converters in _patterns():
        if route.startswith(STAFF_PREFIXES) and name not in SIGN_IN_AND_OUT:
            urls[f"{name} {route}"] = _sample_url(route, converters)
    return urls


def test_the_url_list_covers_the_staff_area_and_the_admin():
    names = staff_urls()

    assert "staff:home staff/" in names
    assert "admin:index admin/" in names
    assert any(name.startswith("admin:app_list") for name in names)
    assert any(name.startswith("moderation:") for name in names)
    assert any(name.startswith("exports:") for name in names)


def test_no_staff_or_admin_page_answers_a_visitor_who_has_not_signed_in(client, db):
    answered = {}
    for name, url in staff_urls().items():
        for method in (client.get, client.post):
            response = method(url)
            signs_in = response.status_code == 302 and (
                "/staff/sign-in/" in response["Location"] or "/admin/login/" in response["Location"]
            )
            if not signs_in:
                answered[f"{method.__name__.upper()} {url} ({name})"] = response.status_code

    assert answered == {}
