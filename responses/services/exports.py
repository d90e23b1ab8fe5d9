"""Exports: requesting a CSV of responses, building it in a task, downloading and expiring it.

The Export row is the job's whole state. A request creates it and enqueues the
task after the transaction commits; if the broker is down the row stays queued
and ``exports_requeue_stalled`` (beat) sends it again.
"""

import contextlib
import datetime
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from typing import IO, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from consultation.models import Consultation, QuestionKind

from .. import exports as csv_export
from ..models import Export, ExportDownload, ExportStatus, Response, private_storage

logger = logging.getLogger(__name__)

# The task's limits. The Redis visibility timeout (2 hours) is longer than the hard limit.
SOFT_TIME_LIMIT = 45 * 60
HARD_TIME_LIMIT = 50 * 60
CHUNK_SIZE = 2000
# An export is split between connections (EXPORT_COPY_CONNECTIONS) only if each part
# has at least this many rows: below that, starting a connection costs more than it saves.
MIN_ROWS_A_PART = 50_000
PROGRESS_EVERY = 10_000
# A queued job untouched this long lost its message (broker down). A running job lost its
# worker when its heartbeat is older than settings.EXPORT_STALL_SECONDS.
QUEUED_STALL = datetime.timedelta(minutes=5)
# A running job writes its heartbeat at least this often (see heartbeat_interval).
HEARTBEAT_EVERY_SECONDS = 5.0
# After this long a job that keeps stopping is given up.
GIVE_UP_AFTER = datetime.timedelta(seconds=HARD_TIME_LIMIT) * 3

REASON_TOO_LONG = _(
    "The export took longer than 45 minutes, so it was stopped. Try again, or choose fewer responses "
    "(for example a shorter date range)."
)
REASON_UNAVAILABLE = _(
    "The database or the file store did not answer, even after several tries. Try again in a few minutes."
)
REASON_STOPPED = _("The export stopped unexpectedly several times. Try again, or ask the digital team for help.")
REASON_UNKNOWN = _("Something went wrong while the file was being made. Try again, or ask the digital team for help.")

Method = Literal["copy", "chunked"]


class Progress:
    """Where a running export reports rows: ``expected(n)`` once, then ``written(n)``."""

    def expected(self, rows: int) -> None: ...

    def written(self, rows: int) -> None: ...


def user_can_view_export(user, export: Export) -> bool:
    if export.include_personal_data and not user.has_perm("responses.export_personal_data"):
        return False
    return export.requested_by_id == user.pk or user.has_perm("responses.view_all_exports")


def exports_visible_to(user):
    exports = Export.objects.select_related("consultation", "requested_by")
    if user.has_perm("responses.view_all_exports"):
        return exports
    return exports.filter(requested_by=user)


@transaction.atomic
def export_request(
    *, user, consultation: Consultation, filters: csv_export.ExportFilters, include_personal_data: bool
) -> Export:
    """Create a queued export job and send it to a worker once the transaction commits."""
    if not user.has_perm("responses.request_export"):
        raise PermissionDenied
    if include_personal_data and not user.has_perm("responses.export_personal_data"):
        raise PermissionDenied
    export = Export.objects.create(
        consultation=consultation,
        requested_by=user,
        filters=filters.to_json(),
        include_personal_data=include_personal_data,
    )
    transaction.on_commit(lambda: export_enqueue(export_id=export.pk))
    return export


def export_retry(*, user, export: Export) -> Export:
    """A new job with the same choices as a failed one (the failed one keeps its reason)."""
    return export_request(
        user=user,
        consultation=export.consultation,
        filters=csv_export.ExportFilters.from_json(export.filters),
        include_personal_data=export.include_personal_data,
    )


def export_enqueue(*, export_id) -> bool:
    """Send the job to the broker. If the broker is down, log it: the beat task sends it later."""
    from ..tasks import export_responses_csv

    try:
        export_responses_csv.delay(str(export_id))
    except Exception:  # noqa: BLE001 - any broker failure leaves the job queued for requeue
        logger.warning("Export %s stays queued: the broker did not take it", export_id, exc_info=True)
        return False
    return True


def export_layout(export: Export) -> csv_export.ExportLayout:
    questions = export.consultation.questions.order_by("order").values_list("slug", "kind")
    centres = list(Centre.objects.values_list("id", "slug", "name"))
    return csv_export.ExportLayout(
        questions=tuple(
            csv_export.QuestionColumn(
                slug,
                is_centre_picker=kind == QuestionKind.CENTRES,
                is_list=kind in (QuestionKind.CENTRES, QuestionKind.MULTIPLE),
            )
            for slug, kind in questions
        ),
        include_personal_data=export.include_personal_data,
        centre_names={slug: name for _, slug, name in centres},
        centre_ids={pk: name for pk, _, name in centres},
    )


def export_responses(export: Export):
    """The responses an export holds, filtered as the analyst chose (the chunked path)."""
    filters = csv_export.ExportFilters.from_json(export.filters)
    responses = Response.objects.filter(consultation_id=export.consultation_id)
    for column in ("state", "respondent_type", "channel"):
        if getattr(filters, column):
            responses = responses.filter(**{column: getattr(filters, column)})
    if filters.centre:
        responses = responses.filter(centres__slug=filters.centre)
    if filters.submitted_after:
        responses = responses.filter(submitted_at__gte=filters.submitted_after)
    if filters.submitted_before:
        responses = responses.filter(submitted_at__lt=filters.submitted_before)
    return responses


def export_write_csv(*, export: Export, file: IO[bytes], progress: Progress, method: Method | None = None) -> int:
    """Write the export's CSV to a binary file and return the number of rows.

    PostgreSQL builds the rows itself through COPY; elsewhere (or with
    method="chunked") they are built in Python a chunk at a time. Both give
    the same bytes.
    """
    layout = export_layout(export)
    expected = export_responses(export).count()
    progress.expected(expected)
    csv_export.write_header(file, layout)
    if method is None:
        method = "copy" if connection.vendor == "postgresql" else "chunked"
    if method == "copy":
        return _write_by_copy(export, layout, file, progress, expected)
    return _write_in_chunks(export, layout, file, progress)


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
        if not self.rows % PROGRESS_EVERY:
            self.progress.written(self.rows + sum(part.rows for part in self.beside))


def running_stall() -> datetime.timedelta:
    """How long a running job may go without a heartbeat before another worker takes it over."""
    return datetime.timedelta(seconds=settings.EXPORT_STALL_SECONDS)


def copy_parts(expected: int) -> int:
    """How many connections build an export of this many rows at once (see EXPORT_COPY_CONNECTIONS)."""
    return max(1, min(settings.EXPORT_COPY_CONNECTIONS, expected // MIN_ROWS_A_PART))


def _copy_sql(raw_cursor, export: Export, layout, start=None, stop=None) -> str:
    filters = csv_export.ExportFilters.from_json(export.filters)
    select, params = csv_export.copy_select(layout, export.consultation_id, filters, start, stop)
    return f"COPY ({raw_cursor.mogrify(select, params).decode()}) TO STDOUT WITH (FORMAT csv)"


def _write_by_copy(export: Export, layout, file: IO[bytes], progress: Progress, expected: int) -> int:
    """COPY the rows, on one connection or, for a large export, several at once.

    Several connections each COPY one run of the rows, in order, as pg_dump --jobs
    does. They share one snapshot, so together they hold exactly the rows that one
    COPY would: this connection opens a repeatable-read transaction and exports its
    snapshot, the others import it. The first part goes straight to the file, the
    others to temporary files that are appended in order.
    """
    # The snapshot is shared from a transaction of this function's own, begun here.
    parts = 1 if connection.in_atomic_block else copy_parts(expected)
    # psycopg2's errors, from this connection's raw cursor or a part's own connection, are
    # raised as Django's, so a lost connection is retried like any other database error.
    with connection.wrap_database_errors, transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: copy_expert is not in Django's wrapper
        helpers: list[_CopyPart] = []
        ranges = [(None, None)]
        if parts > 1:
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            raw.execute("SELECT pg_export_snapshot()")
            snapshot = raw.fetchone()[0]
            filters = csv_export.ExportFilters.from_json(export.filters)
            select, params = csv_export.position_select(export.consultation_id, filters)
            bounds = []
            for n in range(1, parts):
                raw.execute(select, params | {"offset": expected * n // parts})
                bounds += raw.fetchall()  # none if rows were deleted since they were counted
            ranges = list(zip([None, *bounds], [*bounds, None], strict=True))
            helpers = [_CopyPart(export, layout, snapshot, start, stop) for start, stop in ranges[1:]]
        rows = _CopyRows(file, progress, beside=[helper.rows for helper in helpers])
        for helper in helpers:
            helper.start()
        try:
            for statement in csv_export.COPY_SESSION:
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

    def __init__(self, export: Export, layout, snapshot: str, start, stop):
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
                for statement in csv_export.COPY_SESSION:
                    raw.execute(statement)
                sql = _copy_sql(raw, self.export, self.layout, self.start_at, self.stop_at)
                raw.copy_expert(sql, self.rows, size=1 << 16)
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


def _write_in_chunks(export: Export, layout, file: IO[bytes], progress: Progress) -> int:
    responses = export_responses(export).order_by("submitted_at", "id").values(*csv_export.RECORD_FIELDS)
    through = Response.centres.through
    written, after = 0, None
    while True:
        page = responses
        if after is not None:
            page = page.filter(submitted_at__gte=after[0]).exclude(submitted_at=after[0], id__lte=after[1])
        chunk = list(page[:CHUNK_SIZE])
        if not chunk:
            return written
        used: dict[int, list[str]] = {}
        links = through.objects.filter(response_id__in=[r["id"] for r in chunk]).values_list("response_id", "centre_id")
        for response_id, centre_id in links:
            used.setdefault(response_id, []).append(layout.centre_ids[centre_id])
        rows = (csv_export.record_cells(layout, r, used.get(r["id"], ())) for r in chunk)
        csv_export.write_rows(file, rows)
        for _row in chunk:
            written += 1
            if written % PROGRESS_EVERY == 0:
                progress.written(written)
        after = (chunk[-1]["submitted_at"], chunk[-1]["id"])


class _RecordedProgress(Progress):
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


class _Heartbeat(threading.Thread):
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


def export_build(*, export_id, method: Method | None = None) -> Export | None:
    """Build an export's file (the task's work). Safe to run twice.

    A job already done, failed or expired is left alone; a running job whose
    worker showed a sign of life recently is that worker's. A running job
    whose heartbeat stopped lost its worker and starts again from the beginning.
    """
    export, started_at = _export_claim(export_id)
    if started_at is None:
        return export
    storage = private_storage()
    progress = _RecordedProgress(export.pk, started_at)
    heartbeat = _Heartbeat(export.pk, started_at)
    heartbeat.start()
    file = _attempt_file(storage, export.pk)
    try:
        rows = export_write_csv(export=export, file=file, progress=progress, method=method)
        file.seek(0)
        # Saved once, whole, under its final name.
        name = storage.save(f"exports/{export.pk}/{started_at:%Y%m%dT%H%M%S%f}.csv", file)
    finally:
        heartbeat.stop()
        progress.close()
        with contextlib.suppress(FileNotFoundError):  # moved into place by the storage
            file.close()
    return _export_finish(export.pk, started_at, name, rows)


class _LocalAttemptFile(File):
    """An attempt's file in the job's own folder: the local storage moves it into place
    (a rename) instead of copying it, which for a million rows saves about a second."""

    def temporary_file_path(self) -> str:
        return self.file.name


def _attempt_file(storage, export_id) -> File:
    """Where an attempt writes the CSV before it is saved whole.

    On local storage, a named temporary file in the job's folder: if the worker is
    killed it stays there as ``*.partial`` until the job finishes, expires or is given
    up, when every other file in the folder is deleted. On a remote storage, an unnamed
    temporary file that vanishes with the process, uploaded once whole.
    """
    try:
        folder = storage.path(f"exports/{export_id}")
    except NotImplementedError:
        return File(tempfile.TemporaryFile(prefix="export-"))
    os.makedirs(folder, exist_ok=True)
    return _LocalAttemptFile(tempfile.NamedTemporaryFile(dir=folder, prefix="attempt-", suffix=".partial"))


@transaction.atomic
def _export_claim(export_id) -> tuple[Export | None, datetime.datetime | None]:
    export = Export.objects.select_for_update().select_related("consultation").filter(pk=export_id).first()
    if export is None:
        logger.warning("Export %s does not exist; nothing to do", export_id)
        return None, None
    now = timezone.now()
    last_sign_of_life = export.heartbeat_at or export.started_at
    still_running = export.status == ExportStatus.RUNNING and last_sign_of_life > now - running_stall()
    if export.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING) or still_running:
        return export, None
    # Compare and set: the claim holds only if the row is still as read here (queued, or the
    # same stale attempt). PostgreSQL's row lock already serialises two deliveries; SQLite has
    # no row locks, and this keeps the rule the same there.
    claimed = Export.objects.filter(pk=export.pk, status=export.status, started_at=export.started_at).update(
        status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now, error="", rows_written=0, rows_expected=None
    )
    if not claimed:
        return export, None
    export.status, export.started_at, export.heartbeat_at, export.error = ExportStatus.RUNNING, now, now, ""
    export.rows_written, export.rows_expected = 0, None
    return export, now


def _export_finish(export_id, started_at: datetime.datetime, name: str, rows: int) -> Export:
    storage = private_storage()
    now = timezone.now()
    with transaction.atomic():
        won = Export.objects.filter(pk=export_id, status=ExportStatus.RUNNING, started_at=started_at).update(
            status=ExportStatus.DONE,
            file=name,
            rows_written=rows,
            rows_expected=rows,
            finished_at=now,
            expires_at=now + datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS),
        )
    if not won:
        # Another attempt took the job over while this one ran: its file counts, not ours.
        storage.delete(name)
    export = Export.objects.get(pk=export_id)
    _delete_files(export_id, keep=export.file.name)
    return export


def _delete_files(export_id, keep: str = "") -> None:
    """Delete an export's files except ``keep``: leftovers of attempts that crashed after saving."""
    storage = private_storage()
    folder = f"exports/{export_id}"
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file_name in files:
        if f"{folder}/{file_name}" != keep:
            storage.delete(f"{folder}/{file_name}")


def export_requeue(*, export_id) -> None:
    """Put a running job back in the queue (before the task retries after a passing error)."""
    Export.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.QUEUED, started_at=None, heartbeat_at=None, rows_written=0
    )


def export_fail(*, export_id, reason: str) -> None:
    """Mark a queued or running job failed, with a reason the analyst can act on."""
    Export.objects.filter(pk=export_id, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]).update(
        status=ExportStatus.FAILED, error=str(reason), finished_at=timezone.now()
    )


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of done exports past their expiry; the rows stay, marked expired."""
    now = now or timezone.now()
    storage = private_storage()
    expired = 0
    for export in Export.objects.filter(status=ExportStatus.DONE, expires_at__lte=now).only("id", "file"):
        if export.file.name:
            storage.delete(export.file.name)
        _delete_files(export.pk)
        expired += Export.objects.filter(pk=export.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file=""
        )
    return expired


def exports_requeue_stalled(*, now: datetime.datetime | None = None) -> int:
    """Send again the jobs whose message was lost; give up on jobs that keep stopping."""
    now = now or timezone.now()
    hopeless = Export.objects.filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING], created_at__lt=now - GIVE_UP_AFTER
    )
    for export_id in list(hopeless.values_list("pk", flat=True)):
        # No attempt can still be running (the hard time limit is far shorter): a killed
        # attempt's partial file is all that can be left in the job's folder.
        if hopeless.filter(pk=export_id).update(status=ExportStatus.FAILED, error=str(REASON_STOPPED), finished_at=now):
            _delete_files(export_id)
    silent_since = now - running_stall()
    stalled = Export.objects.filter(
        Q(status=ExportStatus.QUEUED, created_at__lt=now - QUEUED_STALL)
        | Q(status=ExportStatus.RUNNING, heartbeat_at__lt=silent_since)
        | Q(status=ExportStatus.RUNNING, heartbeat_at__isnull=True, started_at__lt=silent_since)
    )
    sent = 0
    for export_id in stalled.values_list("pk", flat=True):
        sent += export_enqueue(export_id=export_id)
    return sent


@transaction.atomic
def export_download_record(*, export: Export, user) -> ExportDownload:
    """Record who downloaded an export file, and when."""
    return ExportDownload.objects.create(export=export, user=user)
