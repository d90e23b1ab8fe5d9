"""When the worker was last seen: a row in the database, because the cache may be down when it matters."""

import datetime

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """One row a process that beats: ``worker`` is written by a task that beat sends every minute."""

    WORKER = "worker"

    name = models.CharField(max_length=50, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} last seen {self.seen_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def worker_age(cls) -> datetime.timedelta | None:
        """How long ago a worker last ran the heartbeat task; None if one never has."""
        seen_at = cls.objects.filter(name=cls.WORKER).values_list("seen_at", flat=True).first()
        return None if seen_at is None else timezone.now() - seen_at
