"""The worker's side of an export job: claim it, build its file, finish, fail, expire.

The Export row is the job's whole state. Only the attempt that holds the claim (its
``started_at``) may finish the job; every other file in the job's folder is deleted.
"""

import contextlib
import datetime
import logging
import os
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.models import Export, ExportStatus, private_storage

from .heartbeat import Heartbeat, RecordedProgress, running_stall
from .write import Method, TooManyRows, export_write

logger = logging.getLogger(__name__)


# The task's limits. The Redis visibility timeout (2 hours) is longer than the hard limit.
SOFT_TIME_LIMIT = 45 * 60


HARD_TIME_LIMIT = 50 * 60


# A queued job untouched this long lost its message (broker down). A running job lost its
# worker when its heartbeat is older than settings.EXPORT_STALL_SECONDS.
QUEUED_STALL = datetime.timedelta(minutes=5)


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


def reason_too_many_rows(rows: int, most: int) -> str:
    return _(
        "This export has %(rows)s responses, more than an Excel sheet holds (%(most)s below its header). "
        "Choose fewer responses (for example a shorter date range), or choose a CSV file."
    ) % {"rows": f"{rows:,}", "most": f"{most:,}"}


REASON_UNKNOWN = _("Something went wrong while the file was being made. Try again, or ask the digital team for help.")


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
    progress = RecordedProgress(export.pk, started_at)
    heartbeat = Heartbeat(export.pk, started_at)
    heartbeat.start()
    file = _attempt_file(storage, export.pk)
    try:
        try:
            rows = export_write(export=export, file=file, progress=progress, method=method)
        except TooManyRows as too_many:
            export_fail(export_id=export.pk, reason=reason_too_many_rows(too_many.rows, too_many.most))
            return Export.objects.get(pk=export.pk)
        file.seek(0)
        # Saved once, whole, under its final name.
        name = storage.save(f"exports/{export.pk}/{started_at:%Y%m%dT%H%M%S%f}.{export.format}", file)
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
    logger.info("Export %s claimed", export.pk)
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


def exports_stalled(*, now: datetime.datetime | None = None) -> list:
    """The jobs to send again: queued ones whose message was lost, running ones whose worker died.

    Jobs that keep stopping are given up first (marked failed, their folder emptied).
    """
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
    return list(stalled.values_list("pk", flat=True))
