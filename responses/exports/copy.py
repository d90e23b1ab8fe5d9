"""The PostgreSQL path: the export's rows COPYed by the database, on one connection or several."""

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.db import connections, transaction

from responses.models import Export

from . import csv as export_csv  # PROGRESS_EVERY is read at run time (tests change it)
from . import sql
from .csv import ExportFilters, Progress

# An export is split between connections (EXPORT_COPY_CONNECTIONS) only if each part
# has at least this many rows: below that, starting a connection costs more than it saves.
MIN_ROWS_A_PART = 50_000


class _CopyRows:
    """What psycopg2 writes COPY output to: one row per call, ending in a bare newline.

    Called once a row, so it does as little as it can. Progress counts this part's
    rows and those of the parts running beside it.
    """

    def __init__(self, file: IO[bytes], progress: Progress, beside: "Sequence[_CopyRows]" = ()):
        self._write, self.progress, self.beside, self.rows = file.write, progress, beside, 0

    def write(self, data: bytes) -> None:
        # libpq hands over exactly one whole row at a time, so the last byte is the row's end.
        self._write(data[:-1] + b"\r\n")
        self.rows += 1
        if not self.rows % export_csv.PROGRESS_EVERY:
            self.progress.written(self.rows + sum(part.rows for part in self.beside))


def copy_parts(expected: int) -> int:
    """How many connections build an export of this many rows at once (see EXPORT_COPY_CONNECTIONS)."""
    return max(1, min(settings.EXPORT_COPY_CONNECTIONS, expected // MIN_ROWS_A_PART))


def _copy_sql(raw_cursor, export: Export, layout, start=None, stop=None) -> str:
    filters = ExportFilters.from_json(export.filters)
    select, params = sql.copy_select(layout, export.consultation_id, filters, start, stop)
    return f"COPY ({raw_cursor.mogrify(select, params).decode()}) TO STDOUT WITH (FORMAT csv)"


def write_by_copy(
    export: Export, layout, file: IO[bytes], progress: Progress, expected: int, using: str = "default"
) -> int:
    """COPY the rows, on one connection or, for a large export, several at once.

    Several connections each COPY one run of the rows, in order, as pg_dump --jobs
    does. They share one snapshot, so together they hold exactly the rows that one
    COPY would: this connection opens a repeatable-read transaction and exports its
    snapshot, the others import it. The first part goes straight to the file, the
    others to temporary files that are appended in order. ``using`` is the database read:
    the primary, or the read replica (config/replica.py).
    """
    connection = connections[using]
    # The snapshot is shared from a transaction of this function's own, begun here.
    parts = 1 if connection.in_atomic_block else copy_parts(expected)
    # psycopg2's errors, from this connection's raw cursor or a part's own connection, are
    # raised as Django's, so a lost connection is retried like any other database error.
    with connection.wrap_database_errors, transaction.atomic(using=using), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: copy_expert is not in Django's wrapper
        helpers: list[_CopyPart] = []
        ranges = [(None, None)]
        if parts > 1:
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            raw.execute("SELECT pg_export_snapshot()")
            snapshot = raw.fetchone()[0]
            filters = ExportFilters.from_json(export.filters)
            select, params = sql.position_select(export.consultation_id, filters)
            bounds = []
            for n in range(1, parts):
                raw.execute(select, params | {"offset": expected * n // parts})
                bounds += raw.fetchall()  # none if rows were deleted since they were counted
            ranges = list(zip([None, *bounds], [*bounds, None], strict=True))
            helpers = [_CopyPart(export, layout, snapshot, start, stop, connection) for start, stop in ranges[1:]]
        rows = _CopyRows(file, progress, beside=[helper.rows for helper in helpers])
        for helper in helpers:
            helper.start()
        try:
            for statement in sql.COPY_SESSION:
                raw.execute(statement)
            start, stop = ranges[0]
            raw.copy_expert(_copy_sql(raw, export, layout, start, stop), rows, size=1 << 16)
            # Until the transaction ends, also when an outer one holds it (a failure rolls back).
            raw.execute("SET LOCAL TimeZone = %s", [connection.timezone_name])
            raw.execute("SET LOCAL jit TO DEFAULT")
        except BaseException:
            for helper in helpers:
                helper.cancel()
            for helper in helpers:
                helper.join()
                helper.file.close()
            raise
        for helper in helpers:
            helper.join()
            helper.append_to(file)
    return rows.rows + sum(helper.rows.rows for helper in helpers)


class _CopyPart(threading.Thread):
    """One run of an export's rows, COPYed on a connection of its own into a temporary file."""

    def __init__(self, export: Export, layout, snapshot: str, start, stop, connection):
        super().__init__(daemon=True)
        self.export, self.layout, self.snapshot, self.start_at, self.stop_at = export, layout, snapshot, start, stop
        self.file = tempfile.TemporaryFile(prefix="export-part-")  # noqa: SIM115 (closed in append_to)
        self.rows = _CopyRows(self.file, Progress())
        self.error: BaseException | None = None
        self.conn = connection.get_new_connection(connection.get_connection_params())
        self.conn.autocommit = True  # the transaction is begun by hand, with the shared snapshot

    def run(self) -> None:
        try:
            with self.conn.cursor() as raw:
                raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                raw.execute("SET TRANSACTION SNAPSHOT %s", [self.snapshot])
                for statement in sql.COPY_SESSION:
                    raw.execute(statement)
                statement = _copy_sql(raw, self.export, self.layout, self.start_at, self.stop_at)
                raw.copy_expert(statement, self.rows, size=1 << 16)
                raw.execute("COMMIT")
        except BaseException as error:  # handed to the main thread, which raises it
            self.error = error
        finally:
            self.conn.close()

    def cancel(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.cancel()

    def append_to(self, file: IO[bytes]) -> None:
        with self.file:
            if self.error is not None:
                raise self.error
            self.file.seek(0)
            shutil.copyfileobj(self.file, file, 1 << 20)
