"""Deploy checks: warn when production settings still use the local defaults."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.database, deploy=True)
def check_production_services(app_configs, **kwargs):
    warnings = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        warnings.append(
            Warning(
                "The database is SQLite. Production must use PostgreSQL.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="config.W001",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        warnings.append(
            Warning(
                "Celery tasks run eagerly inside web requests.",
                hint="Unset CELERY_TASK_ALWAYS_EAGER and run a worker.",
                id="config.W002",
            )
        )
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        warnings.append(
            Warning(
                "The Celery broker is not Redis. Production must use Redis.",
                hint="Set CELERY_BROKER_URL=redis://host:6379/0.",
                id="config.W003",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_bench_urls_off(app_configs, **kwargs):
    # The load benchmark's URL configuration adds a view that writes rows for anyone who asks.
    if settings.ROOT_URLCONF != "config.urls":
        return [
            Warning(
                f"The URL configuration is {settings.ROOT_URLCONF}, not config.urls.",
                hint="Unset DJANGO_ROOT_URLCONF; only bench/load.py sets it (to bench.urls).",
                id="config.W004",
            )
        ]
    return []


# Django's own W009 does not fire for our default (it is long and varied enough), so a
# deploy that forgot DJANGO_SECRET_KEY would run on the key published with the code.
MIN_SECRET_KEY_LENGTH = 50


@register(Tags.security, deploy=True)
def check_secret_key_set(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_SECRET_KEY:
        return [
            Error(
                "The secret key is the default published with the code.",
                hint="Set DJANGO_SECRET_KEY to a long random value (for example: python -c "
                "'import secrets; print(secrets.token_urlsafe(50))').",
                id="config.E001",
            )
        ]
    if len(settings.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
        return [
            Error(
                f"The secret key is shorter than {MIN_SECRET_KEY_LENGTH} characters.",
                hint="Set DJANGO_SECRET_KEY to a long random value.",
                id="config.E002",
            )
        ]
    return []
