"""A respondent sees, corrects or withdraws their response by the signed link in their receipt."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from responses.counts.services import state_counts
from responses.exports.csv import ExportFilters
from responses.models import Consent, Redaction, Response, ResponseVersion, State
from responses.respond.receipts import receipt_send
from responses.rights.links import rights_path
from tests.databases import EXPORT_METHODS
from tests.factories import ExportFactory, ResponseFactory, UserFactory


@pytest.fixture
def sent(demo_consultation):
    """An approved, publishable response with an email address, sent to the open demo consultation."""
    return ResponseFactory(
        consultation=demo_consultation,
        email="jo@example.org",
        state=State.APPROVED,
        consent=Consent.PUBLISH_ANONYMOUS,
        answers={"proposal_agreement": "disagree", "impact": "We would lose our group."},
    )


def page_text(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_the_receipt_carries_a_link_to_the_response(client, sent, settings):
    settings.SITE_URL = "https://consult.example.org"

    assert receipt_send(response_id=sent.pk)

    link = re.search(r"https://consult\.example\.org(/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert sent.reference in page_text(page)


def test_the_link_shows_the_response_as_sent(client, sent):
    page = client.get(rights_path(sent))

    assert page.status_code == 200
    text = page_text(page)
    assert sent.reference in text
    assert "We would lose our group." in text
    assert "Change your answers" in text and "Withdraw your response" in text
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]


def test_a_tampered_link_says_it_does_not_work_and_shows_nothing(client, sent):
    path = rights_path(sent)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))

    page = client.get(tampered)

    assert page.status_code == 404
    assert "This link does not work" in page_text(page)
    assert sent.reference not in page.content.decode()


def test_a_link_for_another_consultations_address_does_not_work(client, sent):
    other = ResponseFactory()

    page = client.get(rights_path(sent).replace(sent.consultation.slug, other.consultation.slug))

    assert page.status_code == 404


def test_after_the_close_the_link_shows_the_response_but_nothing_can_change(client, sent):
    with freeze_time(sent.consultation.closes_at + datetime.timedelta(minutes=1)):
        page = client.get(rights_path(sent))
        withdraw = client.post(rights_path(sent) + "withdraw/", {"confirm": "on"})
        correct = client.post(rights_path(sent) + "change/", {"q_impact": "Changed after the close"})

    assert page.status_code == 200
    assert "The consultation closed at" in page_text(page)
    assert "You can no longer change or withdraw your response" in page_text(page)
    assert "Withdraw your response" not in page_text(page)
    for refused in (withdraw, correct):
        assert refused.status_code == 403
        assert "You can no longer change or withdraw your response" in page_text(refused)
    sent.refresh_from_db()
    assert sent.withdrawn_at is None
    assert sent.answers["impact"] == "We would lose our group."
    assert not ResponseVersion.objects.exists()


def test_withdrawal_asks_for_confirmation_first(client, sent):
    page = client.post(rights_path(sent) + "withdraw/", {})

    assert page.status_code == 200
    assert "Tick the box to confirm you want to withdraw your response" in page_text(page)
    sent.refresh_from_db()
    assert sent.withdrawn_at is None


def test_a_withdrawn_response_leaves_the_published_page_and_the_counts(
    client, sent, django_capture_on_commit_callbacks
):
    published = reverse("published:list", kwargs={"slug": sent.consultation.slug})
    assert sent.public_reference in client.get(published).content.decode()
    assert state_counts(sent.consultation)["approved"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(rights_path(sent) + "withdraw/", {"confirm": "on"}, follow=True)

    assert "Your response has been withdrawn." in page_text(page)
    assert "You withdrew this response" in page_text(page)
    assert sent.public_reference not in client.get(published).content.decode()
    counts = state_counts(sent.consultation)
    assert counts["approved"] == 0 and counts["all"] == 0 and counts["withdrawn"] == 1


def test_withdrawing_again_says_it_was_already_withdrawn_and_changes_nothing(client, sent):
    client.post(rights_path(sent) + "withdraw/", {"confirm": "on"})
    sent.refresh_from_db()
    first = sent.withdrawn_at

    again = client.post(rights_path(sent) + "withdraw/", {"confirm": "on"})

    assert again.status_code == 409
    assert "You withdrew this response at" in page_text(again)
    sent.refresh_from_db()
    assert sent.withdrawn_at == first


def test_a_withdrawn_response_cannot_be_corrected(client, sent):
    client.post(rights_path(sent) + "withdraw/", {"confirm": "on"})

    page = client.post(rights_path(sent) + "change/", {"q_impact": "Second thoughts"})

    assert page.status_code == 403
    sent.refresh_from_db()
    assert sent.answers["impact"] == "We would lose our group."


def test_a_correction_keeps_the_earlier_answers_and_goes_back_to_the_queue(client, sent, moderator):
    Redaction.objects.create(response=sent, field="impact", start=0, end=2, reason="name", created_by=moderator)
    form = client.get(rights_path(sent) + "change/")
    assert "We would lose our group." in form.content.decode()

    page = client.post(
        rights_path(sent) + "change/",
        {"q_proposal_agreement": "disagree", "q_impact": "We would lose our group and our friends."},
        follow=True,
    )

    assert "Your response has been changed" in page_text(page)
    sent.refresh_from_db()
    assert sent.answers["impact"] == "We would lose our group and our friends."
    assert sent.state == State.PENDING  # read again before it is published again
    earlier = ResponseVersion.objects.get(response=sent)
    assert earlier.answers["impact"] == "We would lose our group."
    assert earlier.state == State.APPROVED
    assert not sent.redactions.exists()  # they pointed into the old text
    assert "Changed 1 time" in page_text(page)


def test_a_correction_with_the_same_answers_makes_no_new_version(client, sent):
    page = client.post(
        rights_path(sent) + "change/",
        {"q_proposal_agreement": "disagree", "q_impact": "We would lose our group."},
        follow=True,
    )

    assert "You did not change any answers" in page_text(page)
    assert not ResponseVersion.objects.exists()
    sent.refresh_from_db()
    assert sent.state == State.APPROVED


def test_a_correction_with_a_bad_answer_shows_the_error_and_changes_nothing(client, sent):
    page = client.post(rights_path(sent) + "change/", {"q_proposal_agreement": "not-a-choice"})

    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert not ResponseVersion.objects.exists()


def test_the_link_stops_working_for_changes_by_the_clock_at_the_close(client, sent):
    closes = sent.consultation.closes_at
    with freeze_time(closes - datetime.timedelta(seconds=1)):
        assert "Withdraw your response" in page_text(client.get(rights_path(sent)))
    with freeze_time(closes):
        assert "Withdraw your response" not in page_text(client.get(rights_path(sent)))
        assert client.get(rights_path(sent) + "withdraw/").status_code == 403


@pytest.mark.parametrize("method", EXPORT_METHODS)
def test_exports_leave_withdrawn_responses_out_unless_asked_and_say_which_were(sent, method):
    from tests.responses.exports.test_exports import build, parse

    kept = ResponseFactory(consultation=sent.consultation)
    Response.objects.filter(pk=sent.pk).update(withdrawn_at=timezone.now())
    user = UserFactory()

    default = parse(build(ExportFactory(consultation=sent.consultation, requested_by=user), method))
    everything = ExportFactory(
        consultation=sent.consultation, requested_by=user, filters=ExportFilters(include_withdrawn=True).to_json()
    )
    rows = parse(build(everything, method))

    assert [row[0] for row in default[1:]] == [kept.reference]
    withdrawn = {row[0]: row[default[0].index("withdrawn")] for row in rows[1:]}
    assert withdrawn == {sent.reference: "yes", kept.reference: "no"}


def test_moderators_see_that_the_respondent_changed_or_withdrew_the_response(client, sent, moderator):
    client.post(rights_path(sent) + "change/", {"q_proposal_agreement": "agree", "q_impact": "Second thoughts"})
    client.post(rights_path(sent) + "withdraw/", {"confirm": "on"})
    client.force_login(moderator)

    page = client.get(reverse("moderation:response", kwargs={"reference": sent.reference}))

    text = page_text(page)
    assert "The respondent withdrew this response" in text
    assert "The respondent changed their answers 1 time" in text
    assert "We would lose our group." in text  # the earlier answer, kept


def test_an_export_that_includes_withdrawn_responses_says_so_on_its_page(client, senior, demo_consultation):
    client.force_login(senior)

    page = client.post(
        reverse("exports:create"),
        {"consultation": demo_consultation.slug, "include_withdrawn": "on"},
        follow=True,
    )

    assert "including withdrawn responses" in page_text(page)
