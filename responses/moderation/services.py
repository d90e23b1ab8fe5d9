"""Moderation: decisions on responses, bulk decisions, verification and redactions.

Every change an officer makes is added to the audit trail (``Decision``); nothing in
it is ever edited. A decision is reversed by a further decision. The states and the
moves between them are the one dict ``TRANSITIONS`` below.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.models import Question, QuestionKind
from responses import redaction
from responses.answers import spans_by_field
from responses.models import Decision, Redaction, RejectReason, Response, State

# From each state, the states a decision may move a response to. A response never
# returns to "pending": once an officer has looked at it, every later change is a
# decision of its own (approve, reject or flag), so the trail reads as what happened.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.PENDING: frozenset({State.APPROVED, State.REJECTED, State.FLAGGED}),
    State.FLAGGED: frozenset({State.APPROVED, State.REJECTED}),
    State.APPROVED: frozenset({State.REJECTED, State.FLAGGED}),
    State.REJECTED: frozenset({State.APPROVED, State.FLAGGED}),
}

VERIFIED_NOTE = "Organisation verified"
REDACTED_NOTE = "Redacted {count} passage(s) in {field}: {reason}"
UNREDACTED_NOTE = "Removed the redaction of {field}[{start}:{end}]"


class ModerationError(Exception):
    """A decision that cannot be made. ``message`` is for the officer."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(ModerationError):
    pass


class StaleResponse(ModerationError):
    """Someone else decided the response after the officer opened it."""


class NeedsSeniorOfficer(ModerationError):
    """A flagged response waits for a senior moderator other than the one who flagged it."""


DECIDE_FLAGGED = "responses.decide_flagged"


def transition_allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def flagged_by(response: Response) -> int | None:
    """The id of the officer whose decision put the response in "flagged", if it is flagged."""
    if response.state != State.FLAGGED:
        return None
    last = response.decisions.filter(to_state=State.FLAGGED).order_by("-created_at", "-id").first()
    return last.actor_id if last else None


def may_decide(response: Response, actor: AbstractBaseUser) -> str:
    """Why the officer may not decide the response, or "" if they may.

    A response flagged for a senior officer is decided only by a senior moderator, and not
    by the officer who flagged it: a second pair of eyes is the point of flagging.
    """
    if response.state != State.FLAGGED:
        return ""
    if not actor.has_perm(DECIDE_FLAGGED):
        return str(_("This response is flagged for a senior officer. Only a senior moderator can decide it."))
    if flagged_by(response) == actor.pk:
        return str(_("You flagged this response, so another senior moderator must decide it."))
    return ""


def _stale_message(response: Response):
    last = response.decisions.select_related("actor").order_by("-created_at", "-id").first()
    who = last.actor.get_username() if last else _("another officer")
    return _(
        "This response was changed by %(who)s a moment ago. Nothing was overwritten: check it and decide again."
    ) % {"who": who}


def _check_reason(to_state: str, reason: str, note: str) -> None:
    if to_state == State.REJECTED and reason not in RejectReason.values:
        raise ModerationError(_("Choose why you are rejecting the response"))
    if to_state != State.REJECTED and reason:
        raise ModerationError(_("Only a rejection has a reason"))
    if reason == RejectReason.OTHER and not note.strip():
        raise ModerationError(_("Say why you are rejecting the response"))


def _record(*, response: Response, actor, to_state: str, reason: str = "", note: str = "") -> Decision:
    """Append a decision and move the response, bumping its version. The row must be locked."""
    decision = Decision.objects.create(
        response=response,
        actor=actor,
        created_at=timezone.now(),
        from_state=response.state,
        to_state=to_state,
        reason=reason,
        note=note,
    )
    Response.objects.filter(pk=response.pk).update(state=to_state, version=F("version") + 1)
    response.state = to_state
    response.version += 1
    return decision


def _lock(response_id: int, expected_version: int | None) -> Response:
    response = Response.objects.select_for_update().get(pk=response_id)
    if expected_version is not None and response.version != expected_version:
        raise StaleResponse(_stale_message(response))
    return response


@transaction.atomic
def response_decide(
    *,
    response_id: int,
    actor: AbstractBaseUser,
    to_state: str,
    expected_version: int,
    reason: str = "",
    note: str = "",
) -> Decision:
    """Record one officer's decision on one response.

    ``expected_version`` is the version the officer saw: if another decision has been
    made since, nothing changes and ``StaleResponse`` says who made it. The row is
    locked for the check and the write, so two simultaneous decisions cannot both pass.
    """
    response = _lock(response_id, expected_version)
    if refusal := may_decide(response, actor):
        raise NeedsSeniorOfficer(refusal)
    if not transition_allowed(response.state, to_state):
        raise TransitionNotAllowed(
            _("A response that is “%(from)s” cannot become “%(to)s”")
            % {"from": State(response.state).label, "to": State(to_state).label}
        )
    _check_reason(to_state, reason, note)
    return _record(response=response, actor=actor, to_state=to_state, reason=reason, note=note.strip())


@dataclass
class BulkResult:
    decided: list[str] = field(default_factory=list)
    changed_meanwhile: list[str] = field(default_factory=list)
    not_allowed: list[str] = field(default_factory=list)
    # Approval only: left pending because their text seems to hold personal data.
    needs_a_look: list[str] = field(default_factory=list)
    needs_senior: list[str] = field(default_factory=list)


def redaction_suggestions(response: Response, *, fields: list[str], redactions) -> dict[str, list]:
    """Passages of each field that look like personal data and are not redacted yet."""
    spans = spans_by_field(redactions)
    names = [response.name] if response.name else []
    texts = {name: text for name in fields if (text := redactable_text(response, name))}
    return {name: redaction.suggest(text, names=names, existing=spans.get(name, [])) for name, text in texts.items()}


@transaction.atomic
def responses_decide_bulk(
    *,
    consultation_id: int,
    versions: dict[int, int],
    actor: AbstractBaseUser,
    to_state: str,
    reason: str = "",
) -> BulkResult:
    """Decide many responses at once, one audit record each.

    ``versions`` maps each selected response id to the version the officer saw. A
    response decided by someone else since then, or one the decision cannot apply to,
    is left alone and reported back.
    """
    _check_reason(to_state, reason, "")
    result = BulkResult()
    # Lock in id order so two bulk decisions over overlapping selections cannot deadlock.
    rows = Response.objects.select_for_update().filter(consultation_id=consultation_id, pk__in=versions)
    rows = rows.order_by("pk").prefetch_related("redactions")
    text_fields = ["organisation_name", *_free_text_slugs(consultation_id)]
    for response in rows:
        if response.version != versions[response.pk]:
            result.changed_meanwhile.append(response.reference)
        elif may_decide(response, actor):
            result.needs_senior.append(response.reference)
        elif not transition_allowed(response.state, to_state):
            result.not_allowed.append(response.reference)
        elif to_state == State.APPROVED and any(
            redaction_suggestions(response, fields=text_fields, redactions=response.redactions.all()).values()
        ):
            # Approving publishes: text that seems to name someone waits for an officer's look.
            result.needs_a_look.append(response.reference)
        else:
            _record(response=response, actor=actor, to_state=to_state, reason=reason)
            result.decided.append(response.reference)
    return result


def _free_text_slugs(consultation_id: int) -> list[str]:
    questions = Question.objects.filter(consultation_id=consultation_id, kind=QuestionKind.FREE_TEXT)
    return list(questions.values_list("slug", flat=True))


@transaction.atomic
def organisation_verify(*, response_id: int, actor: AbstractBaseUser, expected_version: int) -> Decision:
    """Mark an organisation's response as verified; the audit trail records who and when."""
    response = _lock(response_id, expected_version)
    if not response.is_organisation:
        raise ModerationError(_("Only a response from an organisation can be verified"))
    if response.organisation_verified:
        raise ModerationError(_("This organisation is already verified"))
    Response.objects.filter(pk=response.pk).update(organisation_verified=True)
    response.organisation_verified = True
    return _record(response=response, actor=actor, to_state=response.state, note=VERIFIED_NOTE)


def redactable_text(response: Response, field_name: str) -> str | None:
    """The original text of a free-text answer or the organisation name, or None."""
    if field_name == "organisation_name":
        return response.organisation_name
    value = response.answers.get(field_name)
    return value if isinstance(value, str) else None


@transaction.atomic
def response_redact(
    *,
    response_id: int,
    actor: AbstractBaseUser,
    field_name: str,
    spans: list[tuple[int, int]],
    reason: str,
) -> list[Redaction]:
    """Hide spans of one field from the public. The original text is kept for the council."""
    response = _lock(response_id, None)
    text = redactable_text(response, field_name)
    if not text:
        raise ModerationError(_("There is no text to redact in that answer"))
    if not spans or any(not 0 <= start < end <= len(text) for start, end in spans):
        raise ModerationError(_("The passage to redact is not in that answer"))
    existing = list(response.redactions.filter(field=field_name).values_list("start", "end"))
    new = [span for span in spans if not redaction.covered(span, existing)]
    if not new:
        raise ModerationError(_("That passage is already redacted"))
    created = Redaction.objects.bulk_create(
        Redaction(response=response, field=field_name, start=start, end=end, reason=reason, created_by=actor)
        for start, end in new
    )
    _record(
        response=response,
        actor=actor,
        to_state=response.state,
        note=REDACTED_NOTE.format(count=len(new), field=field_name, reason=reason),
    )
    published_fields_store(response)
    return created


@transaction.atomic
def redaction_remove(*, redaction_id: int, actor: AbstractBaseUser) -> None:
    """Show a redacted passage to the public again; the audit trail keeps the change."""
    item = Redaction.objects.select_related("response").get(pk=redaction_id)
    response = _lock(item.response_id, None)
    item.delete()
    _record(
        response=response,
        actor=actor,
        to_state=response.state,
        note=UNREDACTED_NOTE.format(field=item.field, start=item.start, end=item.end),
    )
    published_fields_store(response)


def published_fields_store(response: Response) -> None:
    """Keep the redacted fields as published on the row, for exports without personal data
    (the export's SQL path reads them rather than applying spans; docs/decisions/0015)."""
    spans = spans_by_field(response.redactions.all())
    texts = {name: (redactable_text(response, name), found) for name, found in spans.items()}
    texts = {name: redaction.apply(text, found) for name, (text, found) in texts.items() if text}
    Response.objects.filter(pk=response.pk).update(published_fields=texts or None)
