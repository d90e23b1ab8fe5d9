"""Background upkeep: the worker's heartbeat (every minute) and expired sessions (daily), both sent by beat."""

from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import Heartbeat


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60, expires=60)
def worker_heartbeat() -> None:
    """Record that a worker ran a task beat sent: /healthz reports both alive while it is recent."""
    Heartbeat.objects.update_or_create(name=Heartbeat.WORKER, defaults={"seen_at": timezone.now()})


@shared_task(acks_late=True, soft_time_limit=600, time_limit=900)
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry (resident drafts, staff sign-ins), as ``manage.py clearsessions`` does."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
