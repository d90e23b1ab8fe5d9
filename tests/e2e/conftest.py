"""Fixtures for the browser tests: a live gunicorn and Celery worker on the test database, and Chromium.

The live processes start once per session and open the pytest-django test database
(on SQLite a file: DATABASES TEST NAME). Tests use transactional_db, so the data a
test creates is committed before the browser asks for a page, and flushed after it.
"""

import functools
import json
import os
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import base_user
from django.contrib.auth import models as auth_models
from django.contrib.auth.hashers import make_password as real_make_password

from . import live

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_PATH = live.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
STAFF_PASSWORD = "a-long-test-password"  # tests/conftest.py's staff users


@pytest.fixture
def services():
    """Processes a fault test starts, stopped at its end whatever happens (a frozen one is woken first)."""
    started = []
    yield started
    for service in reversed(started):
        service.signal(signal.SIGCONT)
        service.stop()


@functools.cache
def _staff_password_hash() -> str:
    return real_make_password(STAFF_PASSWORD)


@pytest.fixture(autouse=True)
def _fast_password_hasher(monkeypatch):
    """The real password hashers, since the live server checks the passwords these tests set;
    the staff password is hashed once a session (PBKDF2 takes about a second a user here)."""

    def make_password(password, *args, **kwargs):
        if password == STAFF_PASSWORD and not args and not kwargs:
            return _staff_password_hash()
        return real_make_password(password, *args, **kwargs)

    # UserManager.create_user hashes through auth.models, set_password through base_user.
    monkeypatch.setattr(auth_models, "make_password", make_password)
    monkeypatch.setattr(base_user, "make_password", make_password)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Let the ORM run beside Playwright.

    Playwright's synchronous API keeps an event loop in this thread; the ORM calls the
    tests make around it are ordinary blocking calls, so Django's async guard is off
    for these tests only (never in a process we start).
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class LiveSite:
    url: str
    env: dict
    log_dir: Path
    services: list = field(default_factory=list)

    @property
    def worker(self) -> live.Service:
        return next(s for s in self.services if s.name == "worker")

    def logs(self) -> str:
        return "\n".join(f"--- {s.name}\n{s.log_tail(3000)}" for s in self.services)


@pytest.fixture(scope="session")
def live_env(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """Environment for processes that serve the test database: production-like, on a queue of their own."""
    from django.db import connection

    root = tmp_path_factory.mktemp("live")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=live.database_url(connection.settings_dict),
        DJANGO_DEBUG="false",
        DJANGO_SECURE="false",
        DJANGO_STATIC_ROOT=str(root / "static"),
        DJANGO_MEDIA_ROOT=str(root / "media"),
        PRIVATE_STORAGE_OPTIONS=json.dumps({"location": str(root / "media" / "private")}),
        CELERY_FILESYSTEM_DIR=str(root / "broker"),
        # Its own queue, so the worker never takes a message that another test published.
        CELERY_TASK_DEFAULT_QUEUE=f"e2e-{uuid.uuid4().hex[:8]}",
        # Every browser comes from 127.0.0.1; the rate limit has tests of its own.
        RESPONSE_RATE_LIMIT="1000/m",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    subprocess.run(
        [str(live.BIN / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=live.BASE_DIR,
        env=env,
        check=True,
    )
    env["E2E_ROOT"] = str(root)
    return env


@pytest.fixture(scope="package")
def live_site(live_env) -> LiveSite:
    """gunicorn and a Celery worker serving the test database, while the browser tests run."""
    log_dir = Path(live_env["E2E_ROOT"])
    port = live.free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=live_env, log_dir=log_dir)
    try:
        site.services.append(live.gunicorn(env=live_env, log_dir=log_dir, port=port))
        site.services.append(live.celery_worker(env=live_env, log_dir=log_dir))
        yield site
    finally:
        for service in reversed(site.services):
            service.stop()


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser).

    Package scope: Playwright keeps an event loop running in this thread, which the
    rest of the suite's ORM calls must not see.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does it as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageProblems:
    """Console errors and refused scripts or styles seen by a page: a CSP that blocks our own code shows here."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error":
            self.messages.append(f"{message.text} ({message.location.get('url')})")


def _new_page(browser, live_site, request, **options):
    context = browser.new_context(base_url=live_site.url, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = PageProblems(page)
    request.addfinalizer(context.close)
    return page, problems


@pytest.fixture
def page(browser, live_site, request):
    """A fresh browser tab with JavaScript on, under the site's real Content Security Policy."""
    page, problems = _new_page(browser, live_site, request, viewport={"width": 1024, "height": 900})
    yield page
    assert problems.messages == [], f"The browser reported errors: {problems.messages}"


@pytest.fixture
def page_without_js(browser, live_site, request):
    """A fresh browser tab with JavaScript off."""
    page, _ = _new_page(browser, live_site, request, java_script_enabled=False)
    return page


@pytest.fixture
def phone_page(browser, live_site, request):
    """A tab 320 CSS pixels wide, like a small phone."""
    page, problems = _new_page(browser, live_site, request, viewport={"width": 320, "height": 640})
    yield page
    assert problems.messages == [], f"The browser reported errors: {problems.messages}"


@pytest.fixture
def axe_page(browser, live_site, request):
    """A tab that may inject axe-core: the only context that bypasses the CSP, for the injection alone."""
    page, _ = _new_page(browser, live_site, request, bypass_csp=True, viewport={"width": 1024, "height": 900})
    page.context.add_init_script(path=str(AXE_PATH))
    return page


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now, one line each."""
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def sign_in(page, username: str, password: str = STAFF_PASSWORD) -> None:
    """Sign in through the staff sign-in page, as an officer would: the password, then the code
    their authenticator app shows (the app is set up in the test's database, its code made by pyotp)."""
    from django.contrib.auth import get_user_model

    from tests.second_factor import app_for, fresh_code

    device = app_for(get_user_model().objects.get(username=username))
    page.goto("/staff/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/sign-in/code/**")
    page.get_by_label("Code", exact=True).fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()
    # The sign-in pages are themselves under /staff/, so wait until the browser has left them.
    page.wait_for_url(lambda url: "/staff/" in url and "/sign-in/" not in url)
