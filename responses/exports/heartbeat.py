"""Signs of life of a running export: progress saved on the row, and a heartbeat every few seconds."""

import contextlib
import datetime
import threading

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from responses.models import Export

from .csv import Progress

# A running job writes its heartbeat at least this often (see heartbeat_interval).
HEARTBEAT_EVERY_SECONDS = 5.0


def running_stall() -> datetime.timedelta:
    """How long a running job may go without a heartbeat before another worker takes it over."""
    return datetime.timedelta(seconds=settings.EXPORT_STALL_SECONDS)


class RecordedProgress(Progress):
    """Progress and heartbeat saved on the Export row, through a second connection on PostgreSQL.

    During COPY the task's own connection is busy streaming, so PostgreSQL
    progress goes through a short-lived second connection (autocommit). Only
    the attempt that holds the claim (its ``started_at``) may write: a worker
    that was taken over does not move the new attempt's progress bar.
    """

    def __init__(self, export_id, started_at: datetime.datetime):
        self.export_id, self.started_at = export_id, started_at
        self.side = connections.create_connection("default") if connection.vendor == "postgresql" else connection

    def _save(self, column: str, rows: int) -> None:
        field = Export._meta.get_field
        values = [
            rows,
            field("heartbeat_at").get_db_prep_value(timezone.now(), self.side),
            Export._meta.pk.get_db_prep_value(self.export_id, self.side),
            field("started_at").get_db_prep_value(self.started_at, self.side),
        ]
        sql = f"UPDATE {Export._meta.db_table} SET {column} = %s, heartbeat_at = %s WHERE id = %s AND started_at = %s"
        with self.side.cursor() as cursor:
            cursor.execute(sql, values)

    def expected(self, rows: int) -> None:
        self._save("rows_expected", rows)

    def written(self, rows: int) -> None:
        self._save("rows_written", rows)

    def close(self) -> None:
        if self.side is not connection:
            self.side.close()


def heartbeat_interval() -> float:
    """Seconds between heartbeats: every few seconds, and always well inside the stall limit."""
    return max(0.5, min(HEARTBEAT_EVERY_SECONDS, settings.EXPORT_STALL_SECONDS / 4))


class Heartbeat(threading.Thread):
    """Marks the job alive every few seconds while its file is built.

    Progress saves are heartbeats too, but they come every PROGRESS_EVERY rows,
    and a long query can run for a while before its first row (COPY shows no
    progress until rows stream): this thread writes ``heartbeat_at`` every
    ``heartbeat_interval()`` seconds whatever the query is doing. It dies with
    the worker's process, so a killed worker's job falls silent at once. It has
    its own database connection and closes it when it stops.
    """

    def __init__(self, export_id, started_at: datetime.datetime):
        super().__init__(name=f"export-heartbeat-{export_id}", daemon=True)
        self.export_id, self.started_at = export_id, started_at
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = heartbeat_interval()
        try:
            while not self.stopped.wait(interval):
                with contextlib.suppress(DatabaseError):
                    mine = Export.objects.filter(pk=self.export_id, started_at=self.started_at)
                    mine.update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)
