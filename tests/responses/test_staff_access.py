"""Every staff URL checks its permission; sign-in is throttled; sessions expire."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from campaigns.models import Group, Membership
from responses.models import Export, Redaction
from tests.factories import ResponseFactory

PUBLIC_STAFF_URLS = {"staff:login", "staff:logout"}
# Which fixture holds the role each namespace needs. Senior moderators hold every
# export permission; the staff home only needs a signed-in officer.
RIGHT_ROLE = {"moderation": "moderator", "exports": "senior", "staff": "staff_without_role", "campaigns": "moderator"}


def staff_patterns(resolver=None, prefix="", namespace=""):
    """(name, route, converters) for every named URL under /staff/."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from staff_patterns(entry, route, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and route.startswith("staff/"):
            yield f"{namespace}:{entry.name}", entry.pattern.converters.keys()


def all_staff_urls():
    return sorted({name for name, _ in staff_patterns()} - PUBLIC_STAFF_URLS)


def test_the_matrix_covers_the_moderation_and_exports_namespaces():
    namespaces = {name.split(":")[0] for name in all_staff_urls()}
    assert {"moderation", "exports", "staff"} <= namespaces
    assert namespaces <= set(RIGHT_ROLE), "give each new staff namespace its role in RIGHT_ROLE"


@pytest.fixture
def sample(demo_consultation, moderator):
    """One of each object a staff URL can name."""
    response = ResponseFactory(consultation=demo_consultation)
    redaction = Redaction.objects.create(
        response=response, field="impact", start=0, end=1, reason="x", created_by=moderator
    )
    export = Export.objects.create(consultation=demo_consultation, requested_by=moderator)
    group = Group.objects.create(consultation=demo_consultation, code="CAMP-SAMP-LE00", leader=response)
    Membership.objects.create(group=group, response=response)
    return {
        "slug": demo_consultation.slug,
        "reference": response.reference,
        "redaction": redaction,
        "export": export,
        "code": group.code,
    }


def url_for(name, sample):
    converters = dict(staff_patterns())[name]
    kwargs = {}
    for key in converters:
        if key in ("slug", "reference", "code"):
            kwargs[key] = sample[key]
        elif name.startswith("moderation:") and key == "pk":
            kwargs[key] = sample["redaction"].pk
        elif name.startswith("exports:") and key in ("pk", "export_id", "id"):
            kwargs[key] = sample["export"].pk
        else:
            pytest.fail(f"{name} takes {key!r}: add a sample value for it to this test")
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", all_staff_urls())
def test_anonymous_visitors_are_sent_to_sign_in(client, sample, name):
    url = url_for(name, sample)

    page = client.get(url)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("staff:login"))


@pytest.mark.parametrize("name", [n for n in all_staff_urls() if not n.startswith("staff:")])
def test_officers_without_the_role_are_refused(client, sample, staff_without_role, name):
    client.force_login(staff_without_role)

    assert client.get(url_for(name, sample)).status_code == 403


@pytest.mark.parametrize("name", [n for n in all_staff_urls() if n.startswith("moderation:")])
def test_analysts_cannot_moderate(client, sample, analyst, name):
    client.force_login(analyst)

    assert client.get(url_for(name, sample)).status_code == 403


@pytest.mark.parametrize("name", all_staff_urls())
def test_officers_with_the_role_get_in(client, request, sample, name):
    client.force_login(request.getfixturevalue(RIGHT_ROLE[name.split(":")[0]]))

    page = client.get(url_for(name, sample))

    # POST-only views answer a GET with 405, and some pages redirect within the staff
    # area (an export not ready yet); what matters is that the door opened.
    assert page.status_code != 403
    assert not page.get("Location", "").startswith(reverse("staff:login"))


def test_staff_sign_in_leads_to_the_staff_home(client, moderator):
    page = client.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"}, follow=True)

    assert page.redirect_chain[-1][0] == reverse("staff:home")
    assert "Moderate responses" in page.content.decode()


def test_repeated_failed_sign_ins_are_throttled(client, moderator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("staff:login"), {"username": "mod", "password": "wrong-password-here"})

    page = client.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"})

    assert page.status_code == 429
    assert "Too many attempts to sign in" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_session_ends_after_inactivity(client, moderator):
    client.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"})
    assert client.get(reverse("moderation:home")).status_code == 200

    # An hour without a request: the session has expired.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(reverse("moderation:home"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("staff:login"))


def test_each_request_extends_the_session(client, moderator, settings):
    client.post(reverse("staff:login"), {"username": "mod", "password": "a-long-test-password"})
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))

    client.get(reverse("moderation:home"))

    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
