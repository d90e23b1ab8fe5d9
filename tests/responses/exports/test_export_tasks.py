"""The export task: idempotent, recovers from a crash, retries, fails with a reason, expires files."""

import datetime
import os

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

from config.celery import app as celery_app
from responses.exports import build, heartbeat, services
from responses.exports.csv import ExportFilters
from responses.exports.tasks import expire_exports, export_responses_csv, requeue_stalled_exports
from responses.models import Export, ExportStatus
from tests.e2e import live
from tests.factories import ExportFactory, ResponseFactory


def files_of(export) -> list[str]:
    storage = storages["private"]
    if not storage.exists(f"exports/{export.pk}"):
        return []
    return storage.listdir(f"exports/{export.pk}")[1]


@pytest.fixture
def export(demo_consultation, analyst):
    """A queued export of the demo consultation, holding two responses."""
    for text in ("We would lose our group.", "Keep Acle open."):
        ResponseFactory(consultation=demo_consultation, answers={"impact": text})
    return ExportFactory(consultation=demo_consultation, requested_by=analyst)


@pytest.fixture
def broker_down(monkeypatch):
    """Point the Celery app's publishing at a port where no broker listens."""

    def forget_connections():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    # Celery reads this variable before its own settings.
    monkeypatch.setenv("CELERY_BROKER_WRITE_URL", "redis://127.0.0.1:1/0")
    forget_connections()
    yield
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL")
    forget_connections()


def test_task_builds_the_file_and_marks_the_job_done(export, settings):
    settings.EXPORT_RETENTION_DAYS = 7

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert (export.rows_written, export.rows_expected) == (2, 2)
    assert export.expires_at - export.finished_at == datetime.timedelta(days=7)
    with storages["private"].open(export.file.name, "rb") as file:
        content = file.read()
    assert content.startswith(b"\xef\xbb\xbfreference,submitted_at,")
    assert b"Keep Acle open." in content
    # Moved into place whole: no partial file beside it, readable as any saved file is.
    assert files_of(export) == [export.file.name.rsplit("/", 1)[1]]
    assert os.stat(storages["private"].path(export.file.name)).st_mode & 0o777 == settings.FILE_UPLOAD_PERMISSIONS


def test_running_the_task_twice_leaves_one_file_and_the_same_job(export):
    export_responses_csv.apply(args=[str(export.pk)])
    export.refresh_from_db()
    first = (export.file.name, export.finished_at)

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert (export.file.name, export.finished_at) == first
    assert files_of(export) == [export.file.name.rsplit("/", 1)[1]]


def test_a_job_redelivered_after_its_worker_crashed_is_finished_and_the_crashed_file_removed(export, settings):
    # The worker died after saving a file but before marking the job done: its heartbeat
    # stopped longer ago than a live worker ever stays silent.
    settings.EXPORT_STALL_SECONDS = 120
    crashed_at = timezone.now() - datetime.timedelta(seconds=121)
    export.status, export.started_at, export.heartbeat_at = ExportStatus.RUNNING, crashed_at, crashed_at
    export.rows_written = 1
    export.save()
    storages["private"].save(f"exports/{export.pk}/crashed.csv", ContentFile(b"half a fi"))

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.rows_written == 2
    assert files_of(export) == [export.file.name.rsplit("/", 1)[1]]


def test_a_duplicate_message_for_a_job_another_worker_is_running_does_nothing(export, settings):
    # Started long ago, but its worker wrote progress a moment ago: it is alive.
    settings.EXPORT_STALL_SECONDS = 120
    started = timezone.now() - datetime.timedelta(minutes=30)
    export.status, export.started_at = ExportStatus.RUNNING, started
    export.heartbeat_at = timezone.now() - datetime.timedelta(seconds=5)
    export.save()

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert (export.status, export.started_at) == (ExportStatus.RUNNING, started)
    assert files_of(export) == []


def test_a_worker_that_was_taken_over_and_finishes_late_changes_nothing_and_leaves_one_file(export, settings):
    # Attempt A claims the job, then falls silent (its worker hangs); attempt B takes the stale
    # claim over and finishes. When A wakes and finishes, the job keeps B's file and A's goes.
    settings.EXPORT_STALL_SECONDS = 120
    _, attempt_a = build._export_claim(export.pk)
    silent = timezone.now() - datetime.timedelta(seconds=121)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=silent)

    export_responses_csv.apply(args=[str(export.pk)])  # attempt B
    export.refresh_from_db()
    done = (export.status, export.file.name, export.started_at, export.finished_at)
    late = storages["private"].save(f"exports/{export.pk}/late.csv", ContentFile(b"A's file"))
    build._export_finish(export.pk, attempt_a, late, 999)

    export.refresh_from_db()
    assert done[0] == ExportStatus.DONE and done[2] > attempt_a
    assert (export.status, export.file.name, export.started_at, export.finished_at) == done
    assert export.rows_written == 2
    assert files_of(export) == [export.file.name.rsplit("/", 1)[1]]


def test_a_delivery_that_read_a_stale_job_just_before_another_took_it_over_does_not_take_it_too(
    export, monkeypatch, settings
):
    # Two deliveries read the job of a dead worker at the same moment (SQLite has no row locks):
    # the other one's takeover lands between this one's read and its write.
    settings.EXPORT_STALL_SECONDS = 120
    silent = timezone.now() - datetime.timedelta(seconds=121)
    export.status, export.started_at, export.heartbeat_at = ExportStatus.RUNNING, silent, silent
    export.save()
    real_stall = build.running_stall
    other_claim = timezone.now()

    def another_worker_claims_first():
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.RUNNING, started_at=other_claim, heartbeat_at=other_claim
        )
        return real_stall()

    monkeypatch.setattr(build, "running_stall", another_worker_claims_first)

    build.export_build(export_id=export.pk)

    export.refresh_from_db()
    assert (export.status, export.started_at) == (ExportStatus.RUNNING, other_claim)
    assert files_of(export) == []  # this delivery built nothing


def test_a_running_export_beats_every_few_seconds_and_well_inside_the_stall_limit(settings):
    settings.EXPORT_STALL_SECONDS = 120
    assert heartbeat.heartbeat_interval() == 5
    settings.EXPORT_STALL_SECONDS = 2
    assert heartbeat.heartbeat_interval() == 0.5


def test_a_worker_that_was_taken_over_cannot_move_the_new_attempts_progress(transactional_db, export):
    # Committed rows: on PostgreSQL progress is written through a second connection.
    taken_over_at = timezone.now() - datetime.timedelta(minutes=10)
    export.status, export.started_at, export.rows_written = ExportStatus.RUNNING, timezone.now(), 7
    export.save()

    stale = heartbeat.RecordedProgress(export.pk, taken_over_at)
    stale.written(5000)
    stale.close()

    export.refresh_from_db()
    assert export.rows_written == 7


def test_a_worker_busy_before_its_first_row_still_shows_it_is_alive(transactional_db, export, settings):
    settings.EXPORT_STALL_SECONDS = 4  # a heartbeat each second
    started = timezone.now() - datetime.timedelta(minutes=10)
    export.status, export.started_at, export.heartbeat_at = ExportStatus.RUNNING, started, started
    export.save()

    beat = heartbeat.Heartbeat(export.pk, started)
    beat.start()
    live.wait_until(
        lambda: Export.objects.get(pk=export.pk).heartbeat_at != started, timeout=20, what="the first heartbeat"
    )
    beat.stop()

    export.refresh_from_db()
    assert export.heartbeat_at > started + datetime.timedelta(minutes=9)
    assert not beat.is_alive()


def test_progress_is_also_a_heartbeat(transactional_db, export):
    started = timezone.now() - datetime.timedelta(minutes=10)
    export.status, export.started_at, export.heartbeat_at = ExportStatus.RUNNING, started, started
    export.save()

    progress = heartbeat.RecordedProgress(export.pk, started)
    progress.written(10_000)
    progress.close()

    export.refresh_from_db()
    assert export.rows_written == 10_000
    assert export.heartbeat_at > timezone.now() - datetime.timedelta(seconds=30)


def test_a_task_for_a_deleted_job_finishes_quietly(db):
    result = export_responses_csv.apply(args=["00000000-0000-0000-0000-000000000000"])

    assert result.successful()


def test_storage_that_keeps_failing_fails_the_job_with_a_reason_after_bounded_retries(export, monkeypatch):
    attempts = []

    def unavailable(self, name, content, max_length=None):
        attempts.append(name)
        raise ConnectionResetError("storage went away")

    monkeypatch.setattr(FileSystemStorage, "save", unavailable)

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == str(build.REASON_UNAVAILABLE)
    assert len(attempts) == 4  # the first try and three retries
    assert files_of(export) == []  # no attempt left its partial file behind


def test_storage_that_fails_once_is_retried_and_the_job_finishes(export, monkeypatch):
    real_save = FileSystemStorage.save
    attempts = []

    def flaky(self, name, content, max_length=None):
        attempts.append(name)
        if len(attempts) == 1:
            raise TimeoutError("slow disk")
        return real_save(self, name, content, max_length)

    monkeypatch.setattr(FileSystemStorage, "save", flaky)

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert len(attempts) == 2


def test_an_export_stopped_by_the_soft_time_limit_says_it_took_too_long(export, monkeypatch):
    def too_slow(self, name, content, max_length=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(FileSystemStorage, "save", too_slow)

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "took longer than 45 minutes" in export.error


def test_an_unexpected_error_fails_the_job_with_a_plain_reason(export):
    export.filters = {"submitted_from": "not a date"}
    export.save()

    export_responses_csv.apply(args=[str(export.pk)])

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == str(build.REASON_UNKNOWN)


def test_expiry_deletes_old_files_and_keeps_the_job_as_expired(export):
    export_responses_csv.apply(args=[str(export.pk)])
    fresh = ExportFactory(consultation=export.consultation)
    export_responses_csv.apply(args=[str(fresh.pk)])
    export.refresh_from_db()
    name = export.file.name
    export.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    export.save()

    assert expire_exports.apply().get() == 1

    export.refresh_from_db()
    fresh.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert export.file.name == ""
    assert not storages["private"].exists(name)
    assert fresh.status == ExportStatus.DONE
    assert storages["private"].exists(fresh.file.name)


def test_request_enqueues_after_commit_and_a_broker_outage_leaves_the_job_queued(
    demo_consultation, analyst, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = services.export_request(
            user=analyst, consultation=demo_consultation, filters=ExportFilters(), include_personal_data=False
        )

    assert len(callbacks) == 1
    assert f"Export {export.pk} stays queued" in caplog.text
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED


def test_beat_sends_jobs_left_queued_and_gives_up_on_jobs_that_keep_stopping(demo_consultation, analyst, settings):
    settings.EXPORT_STALL_SECONDS = 120
    now = timezone.now()
    silent = now - datetime.timedelta(seconds=121)
    stalled = ExportFactory(consultation=demo_consultation, created_at=now - datetime.timedelta(minutes=6))
    just_queued = ExportFactory(consultation=demo_consultation, created_at=now)
    worker_died = ExportFactory(
        consultation=demo_consultation, status=ExportStatus.RUNNING, started_at=silent, heartbeat_at=silent
    )
    worker_alive = ExportFactory(
        consultation=demo_consultation,
        status=ExportStatus.RUNNING,
        started_at=now - datetime.timedelta(minutes=20),
        heartbeat_at=now - datetime.timedelta(seconds=10),
    )
    hopeless = ExportFactory(
        consultation=demo_consultation,
        status=ExportStatus.RUNNING,
        created_at=now - build.GIVE_UP_AFTER - datetime.timedelta(minutes=1),
        started_at=silent,
        heartbeat_at=silent,
    )

    storages["private"].save(f"exports/{hopeless.pk}/attempt-x.partial", ContentFile(b"reference,"))

    assert requeue_stalled_exports.apply().get() == 2

    for export in (stalled, just_queued, worker_died, worker_alive, hopeless):
        export.refresh_from_db()
    assert stalled.status == just_queued.status == ExportStatus.QUEUED
    assert worker_died.status == worker_alive.status == ExportStatus.RUNNING
    assert hopeless.status == ExportStatus.FAILED
    assert "stopped unexpectedly" in hopeless.error
    assert files_of(hopeless) == []  # the partial file of its last killed attempt is gone


def test_beat_leaves_jobs_queued_while_the_broker_is_still_down(demo_consultation, broker_down):
    stalled = ExportFactory(consultation=demo_consultation, created_at=timezone.now() - datetime.timedelta(minutes=6))

    assert requeue_stalled_exports.apply().get() == 0

    stalled.refresh_from_db()
    assert stalled.status == ExportStatus.QUEUED


def test_a_passing_error_is_tried_again_within_seconds_not_minutes(export, monkeypatch):
    countdowns = []
    real_retry = export_responses_csv.retry

    def recording_retry(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    def unavailable(self, name, content, max_length=None):
        raise ConnectionResetError("storage went away")

    monkeypatch.setattr(export_responses_csv, "retry", recording_retry)
    monkeypatch.setattr(FileSystemStorage, "save", unavailable)

    export_responses_csv.apply(args=[str(export.pk)])

    assert countdowns == [5, 15, 45]
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED


def test_a_retry_takes_up_a_job_its_failed_attempt_could_not_put_back_in_the_queue(export, settings):
    # The database went away during the first attempt and was still away when it tried to put
    # the job back in the queue: the job is left running, with a fresh heartbeat.
    settings.EXPORT_STALL_SECONDS = 120
    now = timezone.now()
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now)

    export_responses_csv.apply(args=[str(export.pk)], retries=1)

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.rows_written == 2
