"""A respondent's rights over their response while the consultation is open: correct it, or withdraw it.

A correction is a new version: the answers it replaces are kept (``ResponseVersion``), never
overwritten silently. Moderation decided on the old words, so a corrected response goes back
to waiting for a decision (a flagged one stays flagged, for its senior officer) and leaves the
public page until an officer approves it again; the redactions of the answers that changed
pointed into text that is gone, so they go (the decision log keeps what they were).

A withdrawn response stays in the database, with its moderation record, but leaves the
public page, the counts and, unless an analyst asks for it, exports. Withdrawing twice
changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from consultation.models import ConsultationStatus
from responses.linked_centres import stored_centres
from responses.models import Response, ResponseVersion, State
from responses.moderation.services import published_fields_store
from responses.respond.services import _chosen_centres


class RightsClosed(Exception):
    """The consultation has closed (or is not open): the response can no longer change."""


class AlreadyWithdrawn(Exception):
    """The response was withdrawn before; ``withdrawn_at`` says when."""

    def __init__(self, withdrawn_at: datetime.datetime):
        super().__init__(withdrawn_at)
        self.withdrawn_at = withdrawn_at


def response_changeable(response: Response, *, now: datetime.datetime | None = None) -> bool:
    """Whether the respondent may still correct or withdraw the response."""
    now = now or timezone.now()
    return response.withdrawn_at is None and response.consultation.status_at(now) == ConsultationStatus.OPEN


def _lock_changeable(response_id: int, now: datetime.datetime) -> Response:
    response = Response.objects.select_for_update().select_related("consultation").get(pk=response_id)
    if response.withdrawn_at is not None:
        raise AlreadyWithdrawn(response.withdrawn_at)
    if response.consultation.status_at(now) != ConsultationStatus.OPEN:
        raise RightsClosed
    return response


@transaction.atomic
def response_withdraw(*, response_id: int, now: datetime.datetime | None = None) -> Response:
    """Withdraw a response while its consultation is open. Raises ``AlreadyWithdrawn`` or ``RightsClosed``."""
    now = now or timezone.now()
    response = _lock_changeable(response_id, now)
    response.withdrawn_at = now
    # A moderator with the response open is told it changed rather than deciding on old facts.
    response.version += 1
    response.save(update_fields=["withdrawn_at", "version"])
    return response


@transaction.atomic
def response_correct(*, response_id: int, answers: dict, now: datetime.datetime | None = None) -> bool:
    """Replace a response's answers with corrected ones, keeping the old as a version.

    Returns False when nothing changed (no version is made). Raises ``AlreadyWithdrawn``,
    ``RightsClosed``, or ``CentreNotInConsultation`` for a centre no longer in the consultation.
    """
    now = now or timezone.now()
    response = _lock_changeable(response_id, now)
    before = response.answers if isinstance(response.answers, dict) else {}
    changed = {slug for slug in before.keys() | answers.keys() if before.get(slug) != answers.get(slug)}
    if not changed:
        return False
    centres = _chosen_centres(consultation=response.consultation, answers=answers)
    ResponseVersion.objects.create(
        response=response, answers=before, consent=response.consent, state=response.state, replaced_at=now
    )
    response.redactions.filter(field__in=changed).delete()
    if response.state != State.FLAGGED:
        response.state = State.PENDING
    response.answers = answers
    response.version += 1
    stored = stored_centres(centres)  # as the export writes them
    for field, value in stored.items():
        setattr(response, field, value)
    response.save(update_fields=["answers", "state", "version", *stored])
    response.centres.set(centres)
    # The text as published (for exports without personal data) follows the redactions left.
    published_fields_store(response)
    return True
