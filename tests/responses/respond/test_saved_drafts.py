"""Save and come back later: the draft kept on the server, the emailed link, one use, the close."""

import contextlib
import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from responses.drafts.tasks import delete_expired_drafts, draft_link_enqueue, send_draft_link, send_pending_draft_links
from responses.models import Response, SavedDraft

from .journey import ABOUT_YOU, ANSWERS, INDIVIDUAL, fill_in, send, url

pytestmark = pytest.mark.django_db


def save_after_about(client, consultation, email="sam@example.org"):
    """Fill in the first two pages, press "Save and come back later" on the second, give an address."""
    client.get(url(consultation, "start"))
    client.post(url(consultation, "who"), INDIVIDUAL)
    pressed = client.post(url(consultation, "about"), ABOUT_YOU | {"save": "later"})
    assert pressed.url == url(consultation, "save")
    return client.post(url(consultation, "save"), {"email": email})


def emailed_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/\S+)", body).group(1)


def test_a_resident_saves_and_comes_back_by_the_emailed_link_on_another_device(
    client, demo_consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        saved = save_after_about(client, demo_consultation)
    sent_page = client.get(saved.url).content.decode()
    assert "Your answers are saved" in sent_page and "sam@example.org" in sent_page
    assert [getattr(callback, "func", None) for callback in callbacks].count(draft_link_enqueue) == 1

    send_draft_link(SavedDraft.objects.get().pk)  # what the worker does with the queued task
    assert mail.outbox[0].to == ["sam@example.org"]
    link = emailed_link()

    other_device = Client()
    opened = other_device.get(link)
    assert opened.status_code == 200 and "Carry on with your response" in opened.content.decode()
    carried_on = other_device.post(link)
    assert carried_on.url == url(demo_consultation, "questions")  # where they stopped
    other_device.post(url(demo_consultation, "questions"), ANSWERS)
    send(other_device, demo_consultation)
    stored = Response.objects.get()
    assert stored.name == ABOUT_YOU["name"] and stored.answers["impact"] == ANSWERS["q_impact"]


def test_the_link_works_once_and_a_second_use_offers_to_start_again(client, demo_consultation):
    save_after_about(client, demo_consultation)
    send_draft_link(SavedDraft.objects.get().pk)
    link = emailed_link()
    Client().post(link)

    again = Client().get(link)
    used_twice = Client().post(link)

    page = again.content.decode()
    assert "This link has already been used" in page and "Start your response again" in page
    assert used_twice.status_code == 410
    # Using the link empties the saved copy: the email address went with it.
    assert SavedDraft.objects.get().email == "" and SavedDraft.objects.get().data == {}


def test_a_questions_page_half_answered_can_be_saved_and_comes_back_half_answered(client, demo_consultation):
    save_after_about(client, demo_consultation)
    half = {"q_visit_frequency": "Every week"}  # the required questions are not answered yet

    pressed = client.post(url(demo_consultation, "questions"), half | {"save": "later"})
    client.post(url(demo_consultation, "save"), {"email": "sam@example.org"})
    send_pending_draft_links()
    other_device = Client()
    back = other_device.post(emailed_link())
    page = other_device.get(back.url).content.decode()

    assert pressed.url == url(demo_consultation, "save")
    assert back.url == url(demo_consultation, "questions")  # not yet complete: the check page waits
    assert 'value="Every week" checked' in page


def test_a_made_up_link_says_it_does_not_work(client, demo_consultation):
    page = client.get(url(demo_consultation, "start") + "saved/not-a-real-token/")

    assert page.status_code == 410 and "This link does not work" in page.content.decode()


def test_the_link_after_the_close_says_the_consultation_closed(client, demo_consultation):
    save_after_about(client, demo_consultation)
    send_draft_link(SavedDraft.objects.get().pk)
    link = emailed_link()
    demo_consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    demo_consultation.save()

    page = Client().get(link)

    assert "This consultation has closed" in page.content.decode()


def test_drafts_past_the_close_are_deleted_with_their_email_addresses(client, demo_consultation):
    save_after_about(client, demo_consultation)
    assert delete_expired_drafts() == 0  # still open
    demo_consultation.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    demo_consultation.save()

    assert delete_expired_drafts() == 1
    assert not SavedDraft.objects.exists()


def test_a_save_is_kept_when_the_broker_is_down_and_the_link_goes_out_later(
    client, demo_consultation, django_capture_on_commit_callbacks, caplog
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        saved = save_after_about(client, demo_consultation)

    assert saved.status_code == 302 and "Your answers are saved" in client.get(saved.url).content.decode()
    assert "Broker unavailable" in caplog.text
    assert SavedDraft.objects.get().link_sent_at is None and mail.outbox == []
    # Beat's sweep sends it once the broker is back (or from the worker regardless).
    assert send_pending_draft_links() == 1
    assert send_pending_draft_links() == 0  # once only
    assert len(mail.outbox) == 1 and "/saved/" in mail.outbox[0].body


def test_only_a_hash_of_the_link_is_stored(client, demo_consultation):
    save_after_about(client, demo_consultation)
    send_draft_link(SavedDraft.objects.get().pk)
    token = emailed_link().rstrip("/").rsplit("/", 1)[1]

    saved = SavedDraft.objects.get()
    assert token not in str(saved.data) and saved.token_hash != token and len(saved.token_hash) == 64


def test_saving_asks_for_a_valid_email_address(client, demo_consultation):
    refused = save_after_about(client, demo_consultation, email="not an address")

    assert refused.status_code == 200
    assert "Enter an email address in the correct format" in refused.content.decode()
    assert not SavedDraft.objects.exists()


def test_saving_again_replaces_the_earlier_link(client, demo_consultation):
    save_after_about(client, demo_consultation)
    send_draft_link(SavedDraft.objects.get().pk)
    first = emailed_link()
    client.post(url(demo_consultation, "save"), {"email": "sam@example.org"})
    send_pending_draft_links()

    assert "This link does not work" in Client().get(first).content.decode()
    assert Client().post(emailed_link()).status_code == 302


def test_sending_the_response_deletes_the_saved_copy(client, demo_consultation):
    save_after_about(client, demo_consultation)
    client.post(url(demo_consultation, "questions"), ANSWERS)

    send(client, demo_consultation)

    assert Response.objects.count() == 1 and not SavedDraft.objects.exists()


def test_a_saved_letter_is_not_deleted_as_abandoned_while_the_draft_waits(client, demo_consultation, tmp_path):
    from responses.respond.letters import attachments_abandoned_delete

    save_after_about(client, demo_consultation)
    SavedDraft.objects.update(letter="attachments/2026/12/kept.pdf")
    folder = tmp_path / "attachments" / "2026" / "12"
    folder.mkdir(parents=True)
    (folder / "kept.pdf").write_bytes(b"%PDF-1.4")
    (folder / "left.pdf").write_bytes(b"%PDF-1.4")

    attachments_abandoned_delete(older_than=datetime.timedelta(0), now=timezone.now() + datetime.timedelta(days=1))

    assert sorted(path.name for path in folder.iterdir()) == ["kept.pdf"]


def test_every_step_offers_save_and_come_back_later(client, demo_consultation):
    fill_in(client, demo_consultation)

    for step in ("who", "about", "questions"):
        assert "Save and come back later" in client.get(url(demo_consultation, step)).content.decode()


@contextlib.contextmanager
def broker_down():
    """Point the Celery app's publishing at a port where no broker listens."""
    from config.celery import app

    def forget_connections():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    forget_connections()
    try:
        yield
    finally:
        app.conf.broker_write_url = None
        forget_connections()
