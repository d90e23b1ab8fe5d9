"""Storing a response: from the public form, or from an officer entering a paper or emailed one.

``response_submit`` is the one way a Response is created. It refuses responses
outside the consultation's opening hours, stores exactly one row per idempotency
token (a double click or a resubmission finds the first row), links the centres
chosen in centre-picker questions, and queues the email receipt and the campaign
grouping (one message) once the transaction has committed. A broker that is down never loses or delays a
response: ``Response.receipt_sent_at`` is the outbox that ``send_pending_receipts``
works through when the broker is back."""

import logging
import secrets
import uuid
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from centres.models import Centre
from consultation.models import OTHER, Consultation, ConsultationStatus, QuestionKind
from responses.linked_centres import stored_centres
from responses.models import Channel, Consent, RespondentType, Response

from .letters import StoredAttachment
from .tasks import response_stored_enqueue

logger = logging.getLogger(__name__)


# No 0/O, 1/I or L/U: a reference read out over the phone or copied from paper stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


REFERENCE_LENGTH = 8  # 30**8 is about 6.6e11: unguessable by trying, short enough to read out.


REFERENCE_ATTEMPTS = 5


class CentreNotInConsultation(Exception):
    """An answer names a centre the consultation no longer concerns (taken out while a draft was open)."""


class ConsultationNotOpen(Exception):
    """The consultation does not take responses at the time given."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def reference_generate() -> str:
    """A fresh reference such as NCC-7K3P-Q9MX (not checked against the database)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    half = REFERENCE_LENGTH // 2
    return f"{settings.REFERENCE_PREFIX}-{body[:half]}-{body[half:]}"


def _chosen_centres(*, consultation: Consultation, answers: dict) -> list[Centre]:
    slugs = set()
    for question in consultation.questions.filter(kind=QuestionKind.CENTRES):
        value = answers.get(question.slug) or []
        slugs.update(value if isinstance(value, list) else [value])
    # "My centre is not listed" names no centre of the register; its text is kept with the answers.
    slugs.discard(OTHER)
    if not slugs:
        return []
    centres = list(consultation.centres.filter(slug__in=slugs))
    if len(centres) != len(slugs):
        raise CentreNotInConsultation(sorted(slugs - {centre.slug for centre in centres}))
    return centres


def _insert_with_fresh_reference(response: Response) -> Response | None:
    """Insert the row, drawing a new reference on the (rare) collision.

    Returns the row already stored for the same idempotency token instead, when a
    concurrent request got there first.
    """
    for _attempt in range(REFERENCE_ATTEMPTS):
        response.reference = reference_generate()
        try:
            with transaction.atomic():
                response.save()
            return response
        except IntegrityError:
            token = response.idempotency_token
            if token and (existing := Response.objects.filter(idempotency_token=token).first()):
                return existing
            if not Response.objects.filter(reference=response.reference).exists():
                raise
            logger.info("Reference %s already taken; drawing another", response.reference)
    raise RuntimeError(f"No free reference after {REFERENCE_ATTEMPTS} attempts")


def response_submit(
    *,
    consultation: Consultation,
    respondent_type: str,
    consent: str,
    answers: dict,
    name: str = "",
    email: str = "",
    postcode: str = "",
    organisation_name: str = "",
    respondent_role: str = "",
    authority_confirmed: bool = False,
    attachment: StoredAttachment | None = None,
    channel: str = Channel.ONLINE,
    entered_by=None,
    idempotency_token: uuid.UUID | None = None,
    submitted_at: datetime | None = None,
) -> Response:
    """Store one response and queue its receipt; return the stored row.

    Input is expected to be validated already (by a form). ``submitted_at`` is when the
    response arrived: now for online responses, the date received for paper and
    email ones entered by an officer (``entered_by``). A response that arrives
    while the consultation is not open raises ``ConsultationNotOpen``. Submitting
    twice with the same ``idempotency_token`` stores one row and returns it both times.
    """
    submitted_at = submitted_at or timezone.now()
    status = consultation.status_at(submitted_at)
    if status != ConsultationStatus.OPEN:
        # A response sent before the close and sent again after it is still the one stored.
        if idempotency_token and (existing := Response.objects.filter(idempotency_token=idempotency_token).first()):
            return existing
        raise ConsultationNotOpen(status)
    if respondent_type not in RespondentType.values or consent not in Consent.values or channel not in Channel.values:
        raise ValueError("Unknown respondent type, consent or channel.")
    centres = _chosen_centres(consultation=consultation, answers=answers)
    response = Response(
        consultation=consultation,
        idempotency_token=idempotency_token,
        respondent_type=respondent_type,
        organisation_name=organisation_name,
        respondent_role=respondent_role,
        authority_confirmed=authority_confirmed,
        name=name,
        email=email,
        postcode=postcode,
        consent=consent,
        answers=answers,
        channel=channel,
        entered_by=entered_by,
        submitted_at=submitted_at,
        **stored_centres(centres),  # as the export writes them
    )
    if attachment:
        response.attachment.name = attachment.name
        response.attachment_name = attachment.original_name
        response.attachment_content_type = attachment.content_type
    return _store(response, centres)


# Every check above only reads, so nothing below fails but the database itself; then no
# savepoint is needed inside the caller's transaction (the journey's, with the equality
# answers): two round trips fewer for every response.
@transaction.atomic(savepoint=False)
def _store(response: Response, centres: list[Centre]) -> Response:
    # A second send with the same token meets the unique constraint and gets the stored row:
    # one query fewer than looking first, for every response.
    stored = _insert_with_fresh_reference(response)
    if stored is not response:
        return stored
    if centres:  # a new row has no links yet: insert them, without reading any first
        links = Response.centres.through
        links.objects.bulk_create([links(response_id=response.pk, centre_id=centre.pk) for centre in centres])
    # One message for the receipt and the campaign grouping (the worker queues each).
    # robust=True: a failure here must not turn a stored response into an error page.
    transaction.on_commit(partial(response_stored_enqueue, response_id=response.pk), robust=True)
    return response
