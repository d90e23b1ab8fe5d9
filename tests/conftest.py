import io
import os

import pytest

# Staff passwords are hashed with MD5 in tests: PBKDF2 takes about a second a user on the 2-core
# machine, and most tests make one or two officers. The browser tests keep the real hashers
# (tests/e2e/conftest.py), because the live server checks the passwords they set.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    # When CI points the tests at Redis, an unreachable Redis is a failure, never
    # a silent fall-back to the local broker.
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url.startswith("redis"):
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        except redis.RedisError as error:
            pytest.exit(f"CELERY_BROKER_URL={url} is set but Redis does not answer: {error}", returncode=1)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path, monkeypatch):
    """Keep uploaded attachments and exports in a temporary folder."""
    settings.STORAGES = settings.STORAGES | {
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}
    }
    # File fields resolve their storage once, when the models load: point them at the temporary one too.
    from django.core.files.storage import storages

    from responses.models import Export, Response

    for model, name in ((Response, "attachment"), (Export, "file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", storages["private"])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and sign-in throttles start from zero in each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Passwords hashed in microseconds rather than a second."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _force_login_holds_both_factors(monkeypatch):
    """Signed in means both factors now: client.force_login also verifies the session with the
    officer's authenticator app. Tests of a password-only session use
    tests.second_factor.password_only_login."""
    from django.test import Client

    from tests.second_factor import verified_login

    monkeypatch.setattr(Client, "force_login", verified_login)


@pytest.fixture(scope="session")
def _register(django_db_setup, django_db_blocker):
    """The bundled register, imported once a session: its stages, centres and statuses as values."""
    from django.core.management import call_command
    from django.db import transaction

    from centres.models import Centre, CentreStatus, Stage

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_centres", stdout=io.StringIO())
        register = (
            list(Stage.objects.values()),
            list(Centre.objects.order_by("pk").values()),
            list(CentreStatus.objects.values("centre_id", "stage__slug", "status")),
        )
        transaction.set_rollback(True)  # the database stays empty for tests that do not ask
    return register


@pytest.fixture
def centres(db, _register):
    """The bundled register of Norfolk children's centres, loaded."""
    from centres.models import Centre, CentreStatus, Stage

    stages, rows, statuses = _register
    # The stages come with the migrations, but a transactional test's flush empties their table.
    for stage in stages:
        Stage.objects.get_or_create(slug=stage["slug"], defaults={k: v for k, v in stage.items() if k != "id"})
    stage_ids = dict(Stage.objects.values_list("slug", "pk"))
    created = Centre.objects.bulk_create(Centre(**{k: v for k, v in row.items() if k != "id"}) for row in rows)
    centre_ids = {row["id"]: centre.pk for row, centre in zip(rows, created, strict=True)}
    CentreStatus.objects.bulk_create(
        CentreStatus(centre_id=centre_ids[s["centre_id"]], stage_id=stage_ids[s["stage__slug"]], status=s["status"])
        for s in statuses
    )
    return Centre.objects.all()


@pytest.fixture
def demo_consultation(centres):
    """The demonstration Norfolk consultation, open now, with its questions."""
    from consultation.demo import demo_consultation_ensure

    consultation = demo_consultation_ensure()
    # The demo asks the optional equality questions; tests walk the four pages without them
    # unless they ask for the `equality_consultation` (tests/equality, tests/responses/respond).
    consultation.equality_monitoring = False
    consultation.save(update_fields=["equality_monitoring"])
    return consultation


@pytest.fixture
def equality_consultation(demo_consultation):
    """The demonstration consultation as it ships: with the equality monitoring page."""
    demo_consultation.equality_monitoring = True
    demo_consultation.save(update_fields=["equality_monitoring"])
    return demo_consultation


@pytest.fixture
def roles(db):
    """The staff groups with their permissions."""
    from staff.roles import roles_ensure

    return roles_ensure()


def _user_with_role(django_user_model, roles, username, role):
    user = django_user_model.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
    if role:
        user.groups.add(roles[role])
    return user


@pytest.fixture
def moderator(django_user_model, roles):
    """A signed-out staff user in the Moderator role."""
    from staff.roles import MODERATOR

    return _user_with_role(django_user_model, roles, "mod", MODERATOR)


@pytest.fixture
def analyst(django_user_model, roles):
    """A signed-out staff user in the Analyst role."""
    from staff.roles import ANALYST

    return _user_with_role(django_user_model, roles, "ana", ANALYST)


@pytest.fixture
def senior(django_user_model, roles):
    """A signed-out staff user in the Senior moderator role."""
    from staff.roles import SENIOR_MODERATOR

    return _user_with_role(django_user_model, roles, "senior", SENIOR_MODERATOR)


@pytest.fixture
def manager(django_user_model, roles):
    """A signed-out staff user in the Consultation manager role."""
    from staff.roles import CONSULTATION_MANAGER

    return _user_with_role(django_user_model, roles, "manager", CONSULTATION_MANAGER)


@pytest.fixture
def staff_without_role(django_user_model, roles):
    """A signed-out staff user with no role."""
    return _user_with_role(django_user_model, roles, "norole", None)


@pytest.fixture
def service_admin(django_user_model, roles):
    """A signed-out staff user in the Service administrator role."""
    from staff.roles import SERVICE_ADMINISTRATOR

    return _user_with_role(django_user_model, roles, "admin1", SERVICE_ADMINISTRATOR)
