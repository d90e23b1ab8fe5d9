"""Every staff URL checks its permission and its second factor; sign-in is throttled; sessions expire."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from campaigns.models import Group, Membership
from responses.models import Export, Redaction
from tests.factories import ResponseFactory
from tests.second_factor import app_for, code_now, password_only_login
from themes.services import theme_create

# The ways in and out, and an invitation's link (a way in for someone with no account yet).
PUBLIC_STAFF_URLS = {"staff:login", "staff:logout", "staff:invitation"}
# The second step of signing in: it answers a password-only session.
SIGN_IN_STEPS = {"staff:two-factor", "staff:enrol"}
# Which fixture holds the role each namespace needs. Senior moderators hold every
# export permission; the staff home only needs a signed-in officer.
RIGHT_ROLE = {
    "moderation": "moderator",
    "exports": "senior",
    "staff": "staff_without_role",
    "data_requests": "senior",
    "logs": "senior",
    "equality": "senior",
    "themes": "analyst",
    "results": "analyst",
    "outcome_staff": "manager",
    "builder": "manager",
    "campaigns": "moderator",
}
# Staff accounts: service administrators (and superusers) only.
ACCOUNT_URLS = {
    "staff:accounts",
    "staff:invite",
    "staff:account",
    "staff:account-roles",
    "staff:account-active",
    "staff:account-two-factor-reset",
}


def right_role(name):
    return "service_admin" if name in ACCOUNT_URLS else RIGHT_ROLE[name.split(":")[0]]


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
    assert {"moderation", "exports", "staff", "data_requests", "logs", "themes", "builder"} <= namespaces
    assert namespaces <= set(RIGHT_ROLE), "give each new staff namespace its role in RIGHT_ROLE"


@pytest.fixture
def sample(demo_consultation, moderator):
    """One of each object a staff URL can name."""
    response = ResponseFactory(consultation=demo_consultation)
    theme = theme_create(consultation=demo_consultation, name="Travel distance", actor=moderator)
    redaction = Redaction.objects.create(
        response=response, field="impact", start=0, end=1, reason="x", created_by=moderator
    )
    export = Export.objects.create(consultation=demo_consultation, requested_by=moderator)
    group = Group.objects.create(consultation=demo_consultation, code="CAMP-SAMP-LE00", leader=response)
    Membership.objects.create(group=group, response=response, submitted_at=response.submitted_at)
    return {
        "slug": demo_consultation.slug,
        "reference": response.reference,
        "redaction": redaction,
        "export": export,
        "theme": theme,
        "account": moderator,
        "centre": demo_consultation.centres.first().slug,
        "consultation": demo_consultation,
        "question": demo_consultation.questions.first().pk,
        "document": demo_consultation.documents.first().pk,
        "code": group.code,
    }


def url_for(name, sample):
    converters = dict(staff_patterns())[name]
    kwargs = {}
    for key in converters:
        if key in ("slug", "reference", "code"):
            kwargs[key] = sample[key]
        elif name.startswith("results:") and key in ("centre", "key"):
            kwargs[key] = sample["centre"] if key == "centre" else "organisation"
        elif name.startswith("moderation:") and key == "pk":
            kwargs[key] = sample["redaction"].pk
        elif name.startswith("themes:") and key == "pk":
            kwargs[key] = sample["theme"].pk
        elif name.startswith("exports:") and key in ("pk", "export_id", "id"):
            kwargs[key] = sample["export"].pk
        elif name in ACCOUNT_URLS and key == "pk":
            kwargs[key] = sample["account"].pk
        elif name.startswith("builder:") and key == "pk":
            kwargs[key] = sample["consultation"].pk
        elif name.startswith("builder:") and key in ("question", "document"):
            kwargs[key] = sample[key]
        else:
            pytest.fail(f"{name} takes {key!r}: add a sample value for it to this test")
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", all_staff_urls())
def test_anonymous_visitors_are_sent_to_sign_in(client, sample, name):
    url = url_for(name, sample)

    page = client.get(url)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("staff:login"))


@pytest.mark.parametrize("name", [n for n in all_staff_urls() if not n.startswith("staff:") or n in ACCOUNT_URLS])
def test_officers_without_the_role_are_refused(client, sample, staff_without_role, name):
    client.force_login(staff_without_role)

    assert client.get(url_for(name, sample)).status_code == 403


@pytest.mark.parametrize("name", [n for n in all_staff_urls() if n.startswith("moderation:")])
def test_analysts_cannot_moderate(client, sample, analyst, name):
    client.force_login(analyst)

    assert client.get(url_for(name, sample)).status_code == 403


@pytest.mark.parametrize("name", [n for n in all_staff_urls() if n.startswith(("data_requests:", "logs:"))])
def test_moderators_and_analysts_cannot_answer_data_requests_or_read_the_logs(client, sample, moderator, analyst, name):
    for officer in (moderator, analyst):
        client.force_login(officer)

        assert client.get(url_for(name, sample)).status_code == 403


CODEBOOK_MANAGERS_ONLY = {"themes:add", "themes:edit", "themes:remove"}


@pytest.mark.parametrize("name", sorted(CODEBOOK_MANAGERS_ONLY))
def test_moderators_cannot_change_the_codebook(client, sample, moderator, name):
    client.force_login(moderator)

    assert client.get(url_for(name, sample)).status_code == 403


@pytest.mark.parametrize(
    "name", [n for n in all_staff_urls() if n.startswith("themes:") and n not in CODEBOOK_MANAGERS_ONLY]
)
def test_consultation_managers_read_the_codebook_but_do_not_code(client, sample, manager, name):
    client.force_login(manager)

    page = client.get(url_for(name, sample))

    codes = name in {"themes:bulk", "themes:code-suggestion", "themes:response", "themes:code-response"}
    assert (page.status_code == 403) == codes


@pytest.mark.parametrize("role", ["moderator", "senior", "analyst", "manager"])
def test_only_service_administrators_and_superusers_manage_accounts(client, request, sample, role, admin_user):
    client.force_login(request.getfixturevalue(role))
    refused = {name: client.get(url_for(name, sample)).status_code for name in sorted(ACCOUNT_URLS)}
    client.force_login(admin_user)
    superuser = {name: client.get(url_for(name, sample)).status_code for name in sorted(ACCOUNT_URLS)}

    assert set(refused.values()) == {403}
    assert 403 not in superuser.values()


@pytest.mark.parametrize("name", sorted(set(all_staff_urls()) - SIGN_IN_STEPS))
def test_a_session_without_its_second_factor_is_sent_to_the_code_page(client, request, sample, name):
    officer = request.getfixturevalue(right_role(name))
    app_for(officer)
    password_only_login(client, officer)

    for method in (client.get, client.post):
        page = method(url_for(name, sample))

        assert page.status_code == 302, method
        assert page["Location"].startswith(reverse("staff:two-factor"))


def test_the_admin_refuses_a_session_without_its_second_factor(client, manager):
    password_only_login(client, manager)

    for url in ("/admin/", "/admin/consultation/consultation/", "/admin/auth/user/"):
        assert client.get(url)["Location"].startswith(reverse("staff:enrol")), url


def test_a_session_without_its_second_factor_counts_as_signed_out_on_public_pages(client, moderator):
    password_only_login(client, moderator)

    assert "Staff area" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("name", all_staff_urls())
def test_officers_with_the_role_get_in(client, request, sample, name):
    client.force_login(request.getfixturevalue(right_role(name)))

    page = client.get(url_for(name, sample))

    # POST-only views answer a GET with 405, and some pages redirect within the staff
    # area (an export not ready yet); what matters is that the door opened.
    assert page.status_code != 403
    assert not page.get("Location", "").startswith(reverse("staff:login"))


def sign_in(client, officer):
    """The password, then the code from the officer's app."""
    app = app_for(officer)
    client.post(reverse("staff:login"), {"username": officer.username, "password": "a-long-test-password"})
    return client.post(reverse("staff:two-factor"), {"code": code_now(app)}, follow=True)


@pytest.mark.parametrize("role", ["moderator", "manager"])
@pytest.mark.parametrize("name", [n for n in all_staff_urls() if n.startswith("results:")])
def test_moderators_and_managers_see_the_results_too(client, request, sample, name, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url_for(name, sample)).status_code == 200


def test_staff_sign_in_leads_to_the_staff_home(client, moderator):
    page = sign_in(client, moderator)

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
    sign_in(client, moderator)
    assert client.get(reverse("moderation:home")).status_code == 200

    # Half an hour without a request: the session has expired.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(reverse("moderation:home"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("staff:login"))


def test_each_request_extends_the_session(client, moderator, settings):
    sign_in(client, moderator)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))

    client.get(reverse("moderation:home"))

    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.STAFF_SESSION_SECONDS - 60)
