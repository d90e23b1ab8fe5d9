"""Settings. Every value comes from the environment; the defaults boot on a fresh machine with no
servers (SQLite, console email, a broker in local folders). Production: see docs/deploy.md."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default is published with the code: fine on a laptop, refused by `check --deploy` (config.E001).
INSECURE_DEFAULT_SECRET_KEY = "insecure-local-only-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "staff.admin_config.StaffAdminConfig",  # the admin behind the staff sign-in and its second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "simple_history",
    "config",
    "consultation",
    "centres",
    "responses",
    "themes",
    "campaigns",
    "upkeep",
    "equality",
    "outcome",
    # After the apps whose permissions its roles hold (see staff/apps.py).
    "staff",
]
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]  # staff's codes

MIDDLEWARE = [
    # The header middleware comes first so that every response carries the headers,
    # also a 503 page made by the 500 handler when an inner middleware meets an outage.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "staff.access.SecondFactorMiddleware",  # django-otp's, and no staff page without the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = env("DJANGO_ROOT_URLCONF", default="config.urls")
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default so `make run` needs no server; PostgreSQL in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker read while the web process writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    # IMMEDIATE: a transaction that reads, then writes (a receipt marked sent) waits for the
    # write lock at its start instead of failing "database is locked" later.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    # A file, not memory, so the browser tests' gunicorn and Celery worker can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME", default=str(BASE_DIR / "db.sqlite3.test"))}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
    if env("DATABASE_TEST_NAME", default=""):  # bin/test.py gives each of its runs a test database
        DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
# An optional streaming replica for exports and results pages (config/replica.py); writes stay on the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {"TEST": {"MIRROR": "default"}}
    DATABASES["replica"]["OPTIONS"] = DATABASES["replica"].get("OPTIONS", {}) | {"connect_timeout": 5}
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
REPLICA_WAIT_SECONDS = env.float("REPLICA_WAIT_SECONDS", default=5.0)  # an export waits this long for it to catch up
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)  # results pages accept this much lag
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis in production (rate limits share it).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A frozen Redis costs a cache call half a second; the callers carry on without the cache.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
        socket_timeout=env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "home"

# Staff sessions end after inactivity.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60)
SESSION_ENGINE = "config.sessions"  # Django's database sessions, written in one statement
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
RESIDENT_SESSION_SECONDS = env.int("RESIDENT_SESSION_SECONDS", default=24 * 60 * 60)  # set by the response journey
from staff.conf import *  # noqa: E402, F403 - staff sessions, invitations and codes

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "staff.throttle.SignInThrottleHandler"  # per user name and address, and per address
AXES_CLIENT_IP_CALLABLE = "config.clients.client_address"
AXES_USERNAME_CALLABLE = "staff.throttle.attempted_username"
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# No MEDIA_URL: letters, documents and exports go through permission-checked views only.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": env("PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("PRIVATE_STORAGE_OPTIONS", default={"location": str(MEDIA_ROOT / "private")}),
    },
    "staticfiles": {
        "BACKEND": env("DJANGO_STATICFILES_BACKEND", default="whitenoise.storage.CompressedStaticFilesStorage"),
    },
}
FILE_UPLOAD_HANDLERS = ["responses.respond.letters.LetterUploadHandler"]  # keeps no public upload past 10 MB

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Have your say <consultations@example.org>")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Celery. The default broker keeps messages on the local file system, so
# `make run` needs no Redis; production and CI use Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
_broker_dir = Path(env("CELERY_FILESYSTEM_DIR", default=str(BASE_DIR / ".broker")))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # Longer than the longest task (the export hard limit): a running export is not handed on.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
        # A frozen Redis holds a publish 2 s at most (above the worker's 1-second BRPOP).
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing fails fast when the broker is down; beat retries from the outbox (receipt_sent_at, Export.status).
CELERY_TASK_PUBLISH_RETRY = False
# The browser tests give their live server and worker a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
_RECEIPTS_EVERY = env.float("CELERY_RECEIPT_RETRY_SECONDS", default=60.0)
_REQUEUE_EVERY = env.float("CELERY_EXPORT_REQUEUE_SECONDS", default=60.0)
# Proves that beat and a worker are both alive: /healthz reads the time the task writes.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=60.0)
_HOUR, _DAY = 60 * 60.0, 24 * 60 * 60.0
RESULTS_SUMMARY_FROM = env.int("RESULTS_SUMMARY_FROM", 100_000)  # this large: read a summary beat counts
CELERY_BEAT_SCHEDULE = {
    "send-pending-receipts": {"task": "responses.respond.tasks.send_pending_receipts", "schedule": _RECEIPTS_EVERY},
    "delete-abandoned-letters": {"task": "responses.respond.tasks.delete_abandoned_letters", "schedule": _HOUR},
    "requeue-stalled-exports": {"task": "responses.exports.tasks.requeue_stalled_exports", "schedule": _REQUEUE_EVERY},
    "expire-exports": {"task": "responses.exports.tasks.expire_exports", "schedule": _HOUR},
    "send-pending-export-emails": {"task": "responses.exports.tasks.send_pending_export_emails", "schedule": 60.0},
    "purge-personal-data": {"task": "responses.retention.tasks.purge_personal_data", "schedule": _DAY},
    "group-ungrouped-responses": {"task": "campaigns.tasks.group_ungrouped_responses", "schedule": _HOUR / 4},
    "worker-heartbeat": {"task": "upkeep.tasks.worker_heartbeat", "schedule": WORKER_HEARTBEAT_SECONDS},
    "clear-expired-sessions": {"task": "upkeep.tasks.clear_expired_sessions", "schedule": _DAY},
    "send-draft-links": {"task": "responses.drafts.tasks.send_pending_draft_links", "schedule": _RECEIPTS_EVERY},
    "delete-expired-drafts": {"task": "responses.drafts.tasks.delete_expired_drafts", "schedule": _HOUR},
    "results-summaries": {"task": "results.refresh_summaries", "schedule": env.float("RESULTS_SUMMARY_SECONDS", 300)},
    # Owners hear within five minutes of the clock opening or closing their consultation, and at 8 each morning.
    "consultation-notices": {"task": "consultation.tasks.send_lifecycle_notices", "schedule": 5 * 60.0},
    "moderation-counts": {"task": "consultation.tasks.send_moderation_counts", "schedule": crontab(hour=8, minute=0)},
    "fold-response-counts": {"task": "responses.counts.tasks.fold_response_counts", "schedule": 5 * 60.0},
}
# /healthz answers 503 once the worker's heartbeat is older than this (five missed beats).
WORKER_STALL_SECONDS = env.int("WORKER_STALL_SECONDS", default=300)

EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# A letter uploaded on the response form but never sent is deleted after this many hours.
ABANDONED_LETTER_HOURS = env.int("ABANDONED_LETTER_HOURS", default=48)  # longer than a resident's session
# A running export silent this long lost its worker: the job is sent again.
EXPORT_STALL_SECONDS = env.int("EXPORT_STALL_SECONDS", default=120)
# On PostgreSQL a large export is COPYed by this many connections at once (see docs/decisions/0003).
EXPORT_COPY_CONNECTIONS = env.int("EXPORT_COPY_CONNECTIONS", default=2)
# The site's address as officers reach it, for links in emails sent by the worker.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Rate limit for public submissions (django-ratelimit, backed by the cache).
RESPONSE_RATE_LIMIT = env("RESPONSE_RATE_LIMIT", default="20/h")
RATELIMIT_USE_CACHE = "default"
# A cache that lost the count lets the response through rather than turning residents away.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "responses.respond.views.rate_limited"
CLIENT_IP_HEADER = env("DJANGO_CLIENT_IP_HEADER", default="REMOTE_ADDR")  # behind a proxy: docs/deploy.md

# Security headers. Production sets DJANGO_SECURE=true.
SECURE = env.bool("DJANGO_SECURE", default=False)
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# No inline script or style anywhere, so the policy can forbid them.
_SELF = ("default-src", "script-src", "style-src", "font-src", "connect-src", "base-uri", "form-action")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {directive: ["'self'"] for directive in _SELF}
    | {"img-src": ["'self'", "data:"], "object-src": ["'none'"], "frame-ancestors": ["'none'"]}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# What the service says about itself (names, contacts, the privacy notice's and the accessibility
# statement's facts, retention): config/notices.py, from the environment like the rest.
from config.notices import *  # noqa: E402, F403
