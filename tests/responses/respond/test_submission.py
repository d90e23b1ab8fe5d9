import contextlib
import datetime
import socket
import threading
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from responses.models import Channel, Response
from responses.respond.services import (
    REFERENCE_ALPHABET,
    CentreNotInConsultation,
    ConsultationNotOpen,
    reference_generate,
    response_submit,
)
from responses.respond.tasks import receipt_enqueue, send_pending_receipts, send_response_receipt
from tests.factories import ConsultationFactory, QuestionFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def submit(consultation, **overrides):
    values = dict(
        consultation=consultation,
        respondent_type="resident",
        consent="anonymous",
        answers={},
        email="someone@example.org",
    )
    return response_submit(**values | overrides)


@pytest.mark.parametrize(
    "closing",
    [
        datetime.datetime(2018, 11, 12, 23, 59, tzinfo=LONDON),  # GMT: London is UTC+0
        datetime.datetime(2018, 9, 30, 17, 0, tzinfo=LONDON),  # BST: London is UTC+1
    ],
    ids=["GMT", "BST"],
)
def test_a_response_one_second_after_the_closing_minute_is_refused(closing):
    consultation = ConsultationFactory(opens_at=closing - datetime.timedelta(weeks=8), closes_at=closing)

    last_second = submit(consultation, submitted_at=closing - datetime.timedelta(seconds=1))
    with pytest.raises(ConsultationNotOpen):
        submit(consultation, submitted_at=closing + datetime.timedelta(seconds=1))

    assert last_second.pk is not None
    assert Response.objects.count() == 1


def test_the_closing_time_is_stored_in_utc_and_means_london_time():
    closing = datetime.datetime(2018, 9, 30, 17, 0, tzinfo=LONDON)
    consultation = ConsultationFactory(opens_at=closing - datetime.timedelta(weeks=8), closes_at=closing)

    consultation.refresh_from_db()

    assert consultation.closes_at == datetime.datetime(2018, 9, 30, 16, 0, tzinfo=datetime.UTC)


def test_draft_and_forthcoming_consultations_refuse_responses():
    draft = ConsultationFactory(published_at=None)
    now = datetime.datetime.now(datetime.UTC)
    forthcoming = ConsultationFactory(
        opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=9)
    )

    for consultation in (draft, forthcoming):
        with pytest.raises(ConsultationNotOpen):
            submit(consultation)

    assert Response.objects.count() == 0


def test_one_token_stores_one_response():
    consultation = ConsultationFactory()
    token = uuid.uuid4()

    first = submit(consultation, idempotency_token=token)
    second = submit(consultation, idempotency_token=token, answers={"different": "answers"})

    assert first.pk == second.pk and first.reference == second.reference
    assert Response.objects.count() == 1


def test_references_are_short_readable_and_prefixed(settings):
    settings.REFERENCE_PREFIX = "NCC"

    references = {reference_generate() for _ in range(500)}

    assert len(references) == 500
    for reference in references:
        prefix, first, second = reference.split("-")
        assert prefix == "NCC" and len(first) == len(second) == 4
        assert set(first + second) <= set(REFERENCE_ALPHABET)
    assert not set(REFERENCE_ALPHABET) & set("0O1IL")


def test_a_reference_already_taken_is_drawn_again(monkeypatch):
    consultation = ConsultationFactory()
    taken = ResponseFactory(consultation=consultation, reference="NCC-AAAA-AAAA")
    draws = iter(["NCC-AAAA-AAAA", "NCC-BBBB-BBBB"])
    monkeypatch.setattr("responses.respond.services.reference_generate", lambda: next(draws))

    response = submit(consultation)

    assert response.reference == "NCC-BBBB-BBBB" and taken.reference == "NCC-AAAA-AAAA"


def test_an_officer_enters_a_paper_response_received_before_the_close():
    closing = datetime.datetime(2018, 11, 12, 23, 59, tzinfo=LONDON)
    consultation = ConsultationFactory(opens_at=closing - datetime.timedelta(weeks=8), closes_at=closing)
    officer = UserFactory()

    response = submit(
        consultation,
        channel=Channel.PAPER,
        entered_by=officer,
        email="",
        submitted_at=closing - datetime.timedelta(days=2),
    )

    assert response.channel == Channel.PAPER and response.entered_by == officer


def test_centre_answers_are_linked_to_the_centres(demo_consultation):
    chosen = list(demo_consultation.centres.order_by("name")[:2])

    response = submit(demo_consultation, answers={"centres_you_use": [c.slug for c in chosen]})

    assert set(response.centres.all()) == set(chosen)


def test_a_centre_outside_the_consultation_is_refused(centres):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, slug="centres", kind="centres")

    with pytest.raises(CentreNotInConsultation):
        submit(consultation, answers={"centres": [centres.first().slug]})


def test_the_receipt_goes_out_once_however_often_the_task_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(ConsultationFactory())

    send_response_receipt(response.pk)
    send_response_receipt(response.pk)  # a redelivered task
    send_pending_receipts()

    assert len(mail.outbox) == 1
    response.refresh_from_db()
    assert response.receipt_sent_at is not None


def test_a_receipt_the_mail_server_refused_is_left_in_the_outbox_and_sent_later(monkeypatch):
    import smtplib

    from responses.respond import receipts

    response = submit(ConsultationFactory())

    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    with monkeypatch.context() as patched:
        patched.setattr(receipts, "send_mail", refused)
        assert send_pending_receipts() == 0  # the sweep logs it and carries on
    response.refresh_from_db()
    assert response.receipt_sent_at is None

    assert send_pending_receipts() == 1
    assert len(mail.outbox) == 1


def test_no_receipt_without_an_email_address(django_capture_on_commit_callbacks, monkeypatch):
    from responses.respond import tasks

    receipts = []
    monkeypatch.setattr(tasks.send_response_receipt, "delay", receipts.append)
    monkeypatch.setattr("campaigns.tasks.group_new_response.delay", lambda pk: None)
    with django_capture_on_commit_callbacks(execute=False):
        response = submit(ConsultationFactory(), email="")

    # The worker's follow-up groups the response but queues no receipt.
    assert tasks.response_stored(response.pk) == ["grouping"]
    assert receipts == []
    assert send_pending_receipts() == 0
    assert mail.outbox == []


def test_a_response_deleted_before_the_worker_gets_to_it_queues_nothing(monkeypatch):
    from responses.respond import tasks

    queued = []
    monkeypatch.setattr(tasks.send_response_receipt, "delay", queued.append)
    monkeypatch.setattr("campaigns.tasks.group_new_response.delay", queued.append)
    response = submit(ConsultationFactory())
    response.delete()

    assert tasks.response_stored(response.pk) == [] and queued == []


@contextlib.contextmanager
def broker_at(url: str):
    """Point the Celery app's publisher at another broker, dropping its pooled connections."""
    from config.celery import app

    def reset():
        # kombu keeps one producer pool per broker address, so forgetting the app's is enough.
        app._pool = None
        app.amqp._producer_pool = None

    # The write URL, because CELERY_BROKER_URL in the environment outranks broker_url itself.
    app.conf.broker_write_url = url
    reset()
    try:
        yield
    finally:
        app.conf.broker_write_url = None
        reset()


def test_a_response_is_stored_when_the_broker_is_down_and_its_receipt_sent_when_it_is_back(
    django_capture_on_commit_callbacks, caplog
):
    # Nothing listens on port 1: the broker is down (with the filesystem broker too, a Redis that is not there).
    with broker_at("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        response = submit(ConsultationFactory())

    response.refresh_from_db()
    assert "Broker unavailable" in caplog.text
    assert response.receipt_sent_at is None and mail.outbox == []

    # The broker is back (the one the settings name: the real Redis in CI): queueing works again,
    # and the beat task sends what is due.
    assert receipt_enqueue(response_id=response.pk)
    assert send_pending_receipts() == 1
    assert len(mail.outbox) == 1 and response.reference in mail.outbox[0].body


def test_publishing_to_a_broken_broker_gives_up_at_once_rather_than_retrying(caplog):
    # A broker that hangs up on every connection. Publishing must not retry while the
    # resident waits: one connection and the Redis client's single reconnect, no more
    # (with Celery's publish retry on, it makes four).
    accepted = []

    def hang_up(server):
        with contextlib.suppress(OSError):
            while True:
                connection, _ = server.accept()
                accepted.append(connection)
                connection.close()

    with contextlib.closing(socket.create_server(("127.0.0.1", 0))) as server:
        threading.Thread(target=hang_up, args=(server,), daemon=True).start()
        with broker_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0"):
            queued = receipt_enqueue(response_id=1)

    assert not queued
    assert "Broker unavailable" in caplog.text
    assert 1 <= len(accepted) <= 2


def test_letters_left_by_abandoned_drafts_are_deleted_and_sent_ones_kept(demo_consultation):
    import os

    from django.core.files.base import ContentFile

    from responses.respond.letters import attachment_store, attachments_abandoned_delete

    letter = b"%PDF-1.4\n%%EOF\n"
    sent = attachment_store(file=ContentFile(letter, name="sent.pdf"), content_type="application/pdf")
    abandoned = attachment_store(file=ContentFile(letter, name="left.pdf"), content_type="application/pdf")
    recent = attachment_store(file=ContentFile(letter, name="new.pdf"), content_type="application/pdf")
    ResponseFactory(consultation=demo_consultation, attachment=sent.name)
    storage = Response._meta.get_field("attachment").storage
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    for stored in (sent, abandoned):
        os.utime(storage.path(stored.name), (two_days_ago, two_days_ago))

    deleted = attachments_abandoned_delete(older_than=datetime.timedelta(hours=24))

    assert deleted == 1
    assert not storage.exists(abandoned.name)
    assert storage.exists(sent.name) and storage.exists(recent.name)
