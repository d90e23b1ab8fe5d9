"""The counts on the moderation queue are right after every way a response is stored, decided or removed.

The database keeps them (migration responses/0010); each test checks what a moderator reads on
the queue page and that the kept counts equal a count of the rows themselves.
"""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from responses.counts import services as counts
from responses.counts.models import ResponseCount
from responses.counts.tasks import fold_response_counts
from responses.models import Consent, Response, State
from responses.moderation.services import response_decide, responses_decide_bulk
from responses.respond.services import response_submit
from responses.retention.services import personal_data_erase
from responses.rights.services import response_correct, response_withdraw
from tests.factories import ResponseFactory


@pytest.fixture
def signed_in(client, moderator):
    """A client signed in as a moderator."""
    client.force_login(moderator)
    return client


def shown(client, consultation) -> str:
    return client.get(reverse("moderation:queue", kwargs={"slug": consultation.slug})).content.decode()


def assert_kept_equals_live(consultation) -> None:
    kept = counts.state_counts(consultation)
    rows = Response.objects.filter(consultation=consultation)
    live = dict(rows.filter(withdrawn_at__isnull=True).values_list("state").annotate(n=Count("pk")).order_by())
    assert {state: kept[state] for state in State.values} == {state: live.get(state, 0) for state in State.values}
    assert kept["withdrawn"] == rows.filter(withdrawn_at__isnull=False).count()
    published = rows.publishable()
    assert counts.published_count(consultation) == published.count()
    for centre in consultation.centres.all():
        assert counts.published_count(consultation, centre_id=centre.pk) == published.filter(centres=centre).count()


def send(consultation, **kwargs):
    values = {"respondent_type": "resident", "consent": Consent.PUBLISH_ANONYMOUS, "answers": {}} | kwargs
    return response_submit(consultation=consultation, **values)


def test_the_queue_counts_a_response_as_soon_as_it_is_sent(signed_in, demo_consultation):
    send(demo_consultation)
    send(demo_consultation)

    html = shown(signed_in, demo_consultation)
    assert "All responses: 2" in html and "Waiting for a decision: 2" in html
    assert_kept_equals_live(demo_consultation)


def test_the_queue_counts_follow_each_decision(signed_in, demo_consultation, moderator, senior):
    first, second, third = (send(demo_consultation) for _ in range(3))
    response_decide(response_id=first.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)
    response_decide(response_id=second.pk, actor=moderator, to_state=State.FLAGGED, expected_version=0)
    responses_decide_bulk(
        consultation_id=demo_consultation.pk,
        versions={third.pk: 0},
        actor=moderator,
        to_state=State.REJECTED,
        reason="spam",
    )
    # A senior officer reopens the rejected one by approving it.
    response_decide(response_id=third.pk, actor=senior, to_state=State.APPROVED, expected_version=1)

    html = shown(signed_in, demo_consultation)
    assert "Waiting for a decision: 0" in html and "Approved: 2" in html
    assert "Rejected: 0" in html and "Flagged for a senior officer: 1" in html
    assert_kept_equals_live(demo_consultation)


def test_a_corrected_response_waits_again_and_a_withdrawn_one_leaves_the_counts(
    signed_in, demo_consultation, moderator
):
    corrected, withdrawn = send(demo_consultation), send(demo_consultation)
    for response in (corrected, withdrawn):
        response_decide(response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)

    response_correct(response_id=corrected.pk, answers={"impact": "Further thoughts"})
    response_withdraw(response_id=withdrawn.pk)

    html = shown(signed_in, demo_consultation)
    assert "All responses: 1" in html and "Waiting for a decision: 1" in html and "Approved: 0" in html
    assert_kept_equals_live(demo_consultation)


def test_erasing_personal_data_leaves_the_counts_alone(signed_in, demo_consultation, moderator):
    response = send(demo_consultation, name="Ann Example", email="ann@example.org")
    personal_data_erase(response_ids=[response.pk], reason="Asked by the respondent", actor=moderator)

    assert "Waiting for a decision: 1" in shown(signed_in, demo_consultation)
    assert_kept_equals_live(demo_consultation)


def test_seeded_responses_and_bulk_changes_are_counted(signed_in, demo_consultation):
    call_command("seed_responses", consultation=demo_consultation.slug, count=120, seed=3, verbosity=0)
    # What the closed demonstration does to its made-up responses: one UPDATE of many rows.
    demo_consultation.responses.filter(state=State.PENDING).update(state=State.APPROVED)
    ResponseFactory.create_batch(3, consultation=demo_consultation, state=State.REJECTED)

    html = shown(signed_in, demo_consultation)
    assert "All responses: 123" in html and "Waiting for a decision: 0" in html
    assert_kept_equals_live(demo_consultation)


def test_deleted_responses_leave_the_counts(signed_in, demo_consultation):
    ResponseFactory.create_batch(4, consultation=demo_consultation)
    demo_consultation.responses.filter(pk__in=demo_consultation.responses.values("pk")[:3]).delete()

    assert "All responses: 1" in shown(signed_in, demo_consultation)
    assert_kept_equals_live(demo_consultation)


def test_many_changes_are_folded_into_one_row_per_group_and_still_add_up(demo_consultation, moderator):
    sent = [send(demo_consultation) for _ in range(counts.FOLD_AT + 5)]
    for response in sent[:10]:
        response_decide(response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)

    assert counts.state_counts(demo_consultation)["pending"] == len(sent) - 10  # this read folds
    assert ResponseCount.objects.filter(consultation=demo_consultation).count() == 2
    assert_kept_equals_live(demo_consultation)


def test_recounting_repairs_damaged_counts(demo_consultation, capsys):
    ResponseFactory.create_batch(3, consultation=demo_consultation, state=State.APPROVED)
    ResponseCount.objects.all().delete()  # damaged, for example by restoring one table
    assert counts.state_counts(demo_consultation)["all"] == 0

    call_command("recount_responses", consultation=demo_consultation.slug)

    assert f"{demo_consultation.slug}: 3 responses" in capsys.readouterr().out
    assert counts.state_counts(demo_consultation)["approved"] == 3
    assert_kept_equals_live(demo_consultation)


def test_the_published_page_counts_what_it_shows_whole_and_by_respondent_type(client, demo_consultation, moderator):
    demo_consultation.published_at = demo_consultation.opens_at
    demo_consultation.save()
    shown_ = [send(demo_consultation), send(demo_consultation, respondent_type="parent_carer")]
    hidden = [send(demo_consultation, consent=Consent.DO_NOT_PUBLISH), send(demo_consultation)]
    for response in [*shown_, *hidden]:
        response_decide(response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)
    response_withdraw(response_id=hidden[1].pk)

    url = reverse("published:list", kwargs={"slug": demo_consultation.slug})
    assert "2 published responses" in client.get(url).content.decode()
    assert "1 published response" in client.get(url, {"respondent_type": "parent_carer"}).content.decode()


def test_the_published_count_of_a_centre_follows_its_responses(client, demo_consultation, moderator):
    first, second = demo_consultation.centres.order_by("slug")[:2]
    chose = send(demo_consultation, answers={"centres_you_use": [first.slug, second.slug]})
    other = send(demo_consultation, answers={"centres_you_use": [first.slug]})
    for response in (chose, other):
        response_decide(response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)
        response.refresh_from_db()
    response_decide(response_id=other.pk, actor=moderator, to_state=State.REJECTED, reason="spam", expected_version=1)
    response_correct(response_id=chose.pk, answers={"centres_you_use": [second.slug]})  # waits again
    response_decide(response_id=chose.pk, actor=moderator, to_state=State.APPROVED, expected_version=2)

    url = reverse("published:list", kwargs={"slug": demo_consultation.slug})
    assert "0 published responses" in client.get(url, {"centre": first.slug}).content.decode()
    assert "1 published response" in client.get(url, {"centre": second.slug}).content.decode()
    assert_kept_equals_live(demo_consultation)
    Response.objects.filter(pk=other.pk).delete()
    assert_kept_equals_live(demo_consultation)


def test_the_moderation_home_page_says_how_many_wait_in_each_consultation(signed_in, demo_consultation, moderator):
    waiting, decided, withdrawn = (send(demo_consultation) for _ in range(3))
    ResponseFactory(consultation=demo_consultation, state=State.FLAGGED)
    response_decide(response_id=decided.pk, actor=moderator, to_state=State.APPROVED, expected_version=0)
    response_withdraw(response_id=withdrawn.pk)

    page = signed_in.get(reverse("moderation:home"))
    assert [(c.slug, c.waiting) for c in page.context["consultations"]] == [(demo_consultation.slug, 2)]


def test_beat_folds_the_rows_of_changes_of_every_consultation(demo_consultation):
    for _ in range(counts.FOLD_AT + 1):
        send(demo_consultation)

    assert fold_response_counts() == 1
    assert ResponseCount.objects.filter(consultation=demo_consultation).count() == 1
    assert fold_response_counts() == 0
    assert_kept_equals_live(demo_consultation)
