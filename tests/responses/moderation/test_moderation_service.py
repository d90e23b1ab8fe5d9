import itertools
import threading

import pytest
from django.db import connection, connections

from responses.models import Decision, Redaction, RejectReason, RespondentType, Response, State
from responses.moderation import services as moderation
from tests.factories import ResponseFactory, UserFactory

ALL_PAIRS = list(itertools.product(State.values, State.values))
ALLOWED = {
    (State.PENDING, State.APPROVED),
    (State.PENDING, State.REJECTED),
    (State.PENDING, State.FLAGGED),
    (State.FLAGGED, State.APPROVED),
    (State.FLAGGED, State.REJECTED),
    (State.APPROVED, State.REJECTED),
    (State.APPROVED, State.FLAGGED),
    (State.REJECTED, State.APPROVED),
    (State.REJECTED, State.FLAGGED),
}


def decide(response, actor, to_state, **kwargs):
    kwargs.setdefault("reason", RejectReason.SPAM if to_state == State.REJECTED else "")
    kwargs.setdefault("expected_version", response.version)
    return moderation.response_decide(response_id=response.pk, actor=actor, to_state=to_state, **kwargs)


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_allowed_transition_moves_the_response_and_records_who_did_it(db, from_state, to_state):
    response = ResponseFactory(state=from_state)
    # A flagged response waits for a senior officer (see test_moderation_safeguards.py).
    officer = UserFactory(is_superuser=from_state == State.FLAGGED)

    decision = decide(response, officer, to_state)

    response.refresh_from_db()
    assert response.state == to_state
    assert response.version == 1
    assert (decision.actor, decision.from_state, decision.to_state) == (officer, from_state, to_state)


@pytest.mark.parametrize(("from_state", "to_state"), sorted(set(ALL_PAIRS) - ALLOWED))
def test_forbidden_transition_changes_nothing(db, from_state, to_state):
    response = ResponseFactory(state=from_state)

    with pytest.raises(moderation.TransitionNotAllowed):
        decide(response, UserFactory(is_superuser=True), to_state)

    response.refresh_from_db()
    assert (response.state, response.version) == (from_state, 0)
    assert not Decision.objects.exists()


def test_the_state_machine_names_every_state():
    assert set(moderation.TRANSITIONS) == set(State.values)
    assert {(a, b) for a, targets in moderation.TRANSITIONS.items() for b in targets} == ALLOWED


def test_rejection_needs_a_reason(db):
    response = ResponseFactory()

    with pytest.raises(moderation.ModerationError, match="Choose why"):
        decide(response, UserFactory(), State.REJECTED, reason="")

    assert Response.objects.get().state == State.PENDING


def test_rejection_for_another_reason_needs_a_note(db):
    response = ResponseFactory()

    with pytest.raises(moderation.ModerationError, match="Say why"):
        decide(response, UserFactory(), State.REJECTED, reason=RejectReason.OTHER, note="  ")

    decision = decide(response, UserFactory(), State.REJECTED, reason=RejectReason.OTHER, note="Test entry by staff")
    assert decision.note == "Test entry by staff"


def test_a_decision_is_reversed_by_a_further_decision_keeping_the_history(db):
    response = ResponseFactory()
    first, second = UserFactory(), UserFactory()

    decide(response, first, State.REJECTED)
    response.refresh_from_db()
    decide(response, second, State.APPROVED)

    history = list(Response.objects.get().decisions.values_list("actor__username", "from_state", "to_state", "reason"))
    assert history == [
        (first.username, State.PENDING, State.REJECTED, RejectReason.SPAM),
        (second.username, State.REJECTED, State.APPROVED, ""),
    ]


def test_a_decision_on_an_out_of_date_version_names_who_decided_and_overwrites_nothing(db):
    response = ResponseFactory()
    first, second = UserFactory(username="alice"), UserFactory(username="bob")
    decide(response, first, State.APPROVED, expected_version=0)

    with pytest.raises(moderation.StaleResponse, match="changed by alice a moment ago"):
        decide(response, second, State.REJECTED, expected_version=0)

    response.refresh_from_db()
    assert response.state == State.APPROVED
    assert Decision.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_produce_one_decision():
    response = ResponseFactory()
    officers = [UserFactory(username="alice"), UserFactory(username="bob")]
    outcomes = []

    def attempt(officer, to_state, barrier=None):
        try:
            if barrier:
                barrier.wait()
            decide(response, officer, to_state, expected_version=0)
            outcomes.append("decided")
        except moderation.StaleResponse as error:
            outcomes.append(error.message)
        finally:
            if barrier:
                connections.close_all()

    if connection.vendor == "postgresql":
        # Two threads, two connections, released together: the row lock makes one wait
        # for the other, and the version check then stops the second.
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=attempt, args=(officer, state, barrier))
            for officer, state in zip(officers, [State.APPROVED, State.REJECTED], strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        # SQLite serialises writers, so the two decisions run one after the other.
        attempt(officers[0], State.APPROVED)
        attempt(officers[1], State.REJECTED)

    assert sorted(outcomes, key=len)[0] == "decided"
    assert "a moment ago" in sorted(outcomes, key=len)[1]
    assert Decision.objects.count() == 1
    assert Response.objects.get().version == 1


def test_bulk_decision_records_one_decision_per_response_and_skips_changed_ones(db):
    responses = ResponseFactory.create_batch(3)
    consultation = responses[0].consultation
    for response in responses[1:]:
        response.consultation = consultation
        response.save()
    changed = responses[2]
    decide(changed, UserFactory(username="alice"), State.APPROVED)

    result = moderation.responses_decide_bulk(
        consultation_id=consultation.pk,
        versions={r.pk: 0 for r in responses},
        actor=UserFactory(username="bob"),
        to_state=State.REJECTED,
        reason=RejectReason.SPAM,
    )

    assert sorted(result.decided) == sorted(r.reference for r in responses[:2])
    assert result.changed_meanwhile == [changed.reference]
    assert Decision.objects.filter(actor__username="bob", reason=RejectReason.SPAM).count() == 2
    changed.refresh_from_db()
    assert changed.state == State.APPROVED


def test_bulk_decision_ignores_responses_of_another_consultation(db):
    mine, other = ResponseFactory(), ResponseFactory()

    result = moderation.responses_decide_bulk(
        consultation_id=mine.consultation_id,
        versions={mine.pk: 0, other.pk: 0},
        actor=UserFactory(),
        to_state=State.APPROVED,
    )

    assert result.decided == [mine.reference]
    other.refresh_from_db()
    assert other.state == State.PENDING


def test_verifying_an_organisation_is_recorded_in_the_audit_trail(db):
    response = ResponseFactory(respondent_type=RespondentType.PARISH_COUNCIL, organisation_name="Diss Town Council")
    officer = UserFactory()

    moderation.organisation_verify(response_id=response.pk, actor=officer, expected_version=0)

    response.refresh_from_db()
    assert response.organisation_verified
    decision = response.decisions.get()
    assert (decision.actor, decision.note) == (officer, moderation.VERIFIED_NOTE)
    assert response.state == State.PENDING


def test_an_individual_cannot_be_verified_as_an_organisation(db):
    response = ResponseFactory(respondent_type=RespondentType.RESIDENT)

    with pytest.raises(moderation.ModerationError):
        moderation.organisation_verify(response_id=response.pk, actor=UserFactory(), expected_version=0)

    assert not Response.objects.get().organisation_verified


def test_redaction_keeps_the_original_and_is_in_the_audit_trail(db):
    response = ResponseFactory(answers={"impact": "Call me on 07700 900123 please"})
    officer = UserFactory()

    moderation.response_redact(
        response_id=response.pk, actor=officer, field_name="impact", spans=[(11, 23)], reason="Phone number"
    )

    response.refresh_from_db()
    assert response.answers["impact"] == "Call me on 07700 900123 please"
    assert list(Redaction.objects.values_list("field", "start", "end", "reason")) == [
        ("impact", 11, 23, "Phone number")
    ]
    assert "Phone number" in response.decisions.get().note


def test_redacting_a_span_outside_the_text_is_refused(db):
    response = ResponseFactory(answers={"impact": "short"})

    with pytest.raises(moderation.ModerationError):
        moderation.response_redact(
            response_id=response.pk, actor=UserFactory(), field_name="impact", spans=[(2, 50)], reason="x"
        )

    assert not Redaction.objects.exists()


def test_removing_a_redaction_is_recorded(db):
    response = ResponseFactory(answers={"impact": "My son Jack loves it"})
    officer = UserFactory()
    (item,) = moderation.response_redact(
        response_id=response.pk, actor=officer, field_name="impact", spans=[(7, 11)], reason="Name"
    )

    moderation.redaction_remove(redaction_id=item.pk, actor=officer)

    assert not Redaction.objects.exists()
    assert [d.note.split()[0] for d in response.decisions.all()] == ["Redacted", "Removed"]
