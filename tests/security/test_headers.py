"""Security headers on every response, and cookies that only travel over HTTPS in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECURE": "true",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "test-only-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "consult.example.org",
}


def pages(consultation, centre) -> list[str]:
    return [
        "/",
        "/consultations/",
        consultation.get_absolute_url(),
        "/centres/",
        f"/centres/{centre.slug}/",
        "/accessibility/",
        "/privacy/",
        "/healthz",
        reverse("staff:login"),
        reverse("staff:home"),  # a redirect to sign in
        "/no-such-page/",  # 404
        "/centres/?district=%3Cscript%3E",  # a form error
    ]


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_response_carries_the_security_headers(client, demo_consultation):
    failures = {}
    for path in pages(demo_consultation, demo_consultation.centres.first() or _centre()):
        response = client.get(path)
        missing = [
            header
            for header, value in {
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
                "X-Frame-Options": "DENY",
            }.items()
            if response.headers.get(header) != value
        ]
        if "Content-Security-Policy" not in response.headers:
            missing.append("Content-Security-Policy")
        if missing:
            failures[path] = (response.status_code, missing)

    assert failures == {}


def _centre():
    from centres.models import Centre

    return Centre.objects.first()


def test_the_content_security_policy_allows_no_inline_script_style_or_framing(client, demo_consultation):
    directives = _csp(client.get("/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


def test_templates_contain_no_inline_script_event_handlers_or_style_attributes():
    import re

    offences = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"javascript:"):
            offences += [f"{template.relative_to(BASE_DIR)}: {m.group(0)}" for m in re.finditer(pattern, text)]

    assert offences == []


def _production_setting(*names: str) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr(s.{name}))" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=os.environ | PRODUCTION_ENV | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_production_settings_send_cookies_over_https_only_and_ask_for_hsts():
    values = _production_setting(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    )

    assert values[:4] == ["True", "True", "True", "True"]
    assert int(values[4]) >= 31536000


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=os.environ
        | PRODUCTION_ENV
        | {"DATABASE_URL": "postgres://app@db.example.org/consult", "CELERY_BROKER_URL": "redis://redis:6379/0"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("secret_key", "error"),
    [(None, "config.E001"), ("short-but-not-the-default-" + "x" * 20, "config.E002")],
)
def test_check_deploy_fails_without_a_secret_key_of_its_own(secret_key, error):
    env = os.environ | PRODUCTION_ENV | {"DATABASE_URL": "postgres://app@db.example.org/consult"}
    env |= {"CELERY_BROKER_URL": "redis://redis:6379/0"}
    env.pop("DJANGO_SECRET_KEY")
    if secret_key:
        env["DJANGO_SECRET_KEY"] = secret_key
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert error in result.stderr


def test_check_deploy_fails_when_the_benchmark_urls_are_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=os.environ
        | PRODUCTION_ENV
        | {
            "DATABASE_URL": "postgres://app@db.example.org/consult",
            "CELERY_BROKER_URL": "redis://redis:6379/0",
            "DJANGO_ROOT_URLCONF": "bench.urls",
        },
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "config.W004" in result.stderr


@pytest.fixture
def production_security(settings):
    """The security settings DJANGO_SECURE=true gives, applied to the test client."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_in_production_plain_http_is_redirected_to_https(client, db, production_security):
    response = client.get("/accessibility/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accessibility/"


def test_in_production_every_https_response_asks_for_hsts(client, db, production_security):
    response = client.get("/accessibility/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_in_production_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_hidden_from_scripts(
    client, moderator, production_security
):
    sign_in_page = client.get(reverse("staff:login"), secure=True)
    response = client.post(
        reverse("staff:login"),
        {"username": "mod", "password": "a-long-test-password"},
        secure=True,
    )

    assert sign_in_page.cookies["csrftoken"]["secure"] is True
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_the_database_down_page_carries_the_security_headers_even_when_the_outage_hits_a_middleware(
    demo_consultation, monkeypatch
):
    # Saving the session happens in middleware, after the view: the outage meets Django's
    # 500 handler there, which answers with the plain 503 page.
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError
    from django.test import Client

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(SessionStore, "save", unreachable)
    response = Client(raise_request_exception=False).get(
        reverse("responses:start", kwargs={"slug": demo_consultation.slug})
    )

    assert response.status_code == 503
    assert "Content-Security-Policy" in response.headers
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
