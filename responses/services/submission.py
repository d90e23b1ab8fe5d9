"""Storing a response: from the public form, or from an officer entering a paper or emailed one.

``response_submit`` is the one way a Response is created. It refuses responses
outside the consultation's opening hours, stores exactly one row per idempotency
token (a double click or a resubmission finds the first row), links the centres
chosen in centre-picker questions, and queues the email receipt once the
transaction has committed. A broker that is down never loses or delays a
response: ``Response.receipt_sent_at`` is the outbox that ``send_pending_receipts``
works through when the broker is back.
"""

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from consultation.models import Consultation, ConsultationStatus, Question, QuestionKind

from .. import queue
from ..models import Channel, Consent, RespondentType, Response

logger = logging.getLogger(__name__)

# No 0/O, 1/I or L/U: a reference read out over the phone or copied from paper stays unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8  # 30**8 is about 6.6e11: unguessable by trying, short enough to read out.
REFERENCE_ATTEMPTS = 5


class ConsultationNotOpen(Exception):
    """The consultation does not take responses at the time given."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class StoredAttachment:
    """An uploaded letter saved in private storage: its storage name and what the respondent called it."""

    name: str
    original_name: str
    content_type: str


@dataclass(frozen=True)
class AnswerLine:
    """One question and its answer, in words, for the check page, receipts and officers' pages."""

    question: Question
    values: list[str]

    @property
    def is_answered(self) -> bool:
        return bool(self.values)


def reference_generate() -> str:
    """A fresh reference such as NCC-7K3P-Q9MX (not checked against the database)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    half = REFERENCE_LENGTH // 2
    return f"{settings.REFERENCE_PREFIX}-{body[:half]}-{body[half:]}"


def attachment_store(*, file: File, content_type: str) -> StoredAttachment:
    """Save an uploaded letter in private storage under a random name and say where it went.

    The respondent's file name is kept only as a label: it never becomes part of a path.
    """
    extension = {"application/pdf": "pdf"}.get(content_type, "docx")
    now = timezone.now()
    path = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    file.seek(0)
    # The field's own storage, which is the "private" one: the file is read back through the field.
    name = Response._meta.get_field("attachment").storage.save(path, file)
    original = (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255]
    return StoredAttachment(name=name, original_name=original, content_type=content_type)


def attachment_discard(*, attachment: StoredAttachment) -> None:
    """Delete a stored letter that no response will hold (a draft replaced or abandoned, an entry refused)."""
    Response._meta.get_field("attachment").storage.delete(attachment.name)


def attachments_abandoned_delete(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete letters uploaded on the form but never sent: no response holds them and they are old.

    A letter is stored when its page is sent, before the response is; a draft left
    behind leaves its letter. Drafts end with the session, long before ``older_than``.
    Returns how many files were deleted.
    """
    storage = Response._meta.get_field("attachment").storage
    cutoff = (now or timezone.now()) - older_than
    deleted = 0
    for folder in _attachment_folders(storage):
        _, files = storage.listdir(folder)
        old = [f"{folder}/{name}" for name in files if storage.get_modified_time(f"{folder}/{name}") < cutoff]
        held = set(Response.objects.filter(attachment__in=old).values_list("attachment", flat=True))
        for name in old:
            if name not in held:
                storage.delete(name)
                deleted += 1
    return deleted


def _attachment_folders(storage) -> list[str]:
    """The month folders letters are stored in: attachments/<year>/<month>."""
    if not storage.exists("attachments"):
        return []
    years = storage.listdir("attachments")[0]
    return [f"attachments/{year}/{month}" for year in years for month in storage.listdir(f"attachments/{year}")[0]]


def answers_describe(*, consultation: Consultation, answers: dict) -> list[AnswerLine]:
    """Each of the consultation's questions, in order, with its answer in words (empty when unanswered)."""
    centre_names = dict(consultation.centres.values_list("slug", "name"))
    lines = []
    for question in consultation.questions.all():
        value = answers.get(question.slug)
        values = value if isinstance(value, list) else ([value] if value else [])
        if question.kind == QuestionKind.CENTRES:
            values = [centre_names.get(slug, slug) for slug in values]
        elif question.kind == QuestionKind.AGREEMENT:
            labels = dict(question.choices)
            values = [labels.get(v, v) for v in values]
        lines.append(AnswerLine(question=question, values=[str(v) for v in values]))
    return lines


def _chosen_centres(*, consultation: Consultation, answers: dict) -> list[Centre]:
    slugs = set()
    for question in consultation.questions.filter(kind=QuestionKind.CENTRES):
        value = answers.get(question.slug) or []
        slugs.update(value if isinstance(value, list) else [value])
    if not slugs:
        return []
    centres = list(consultation.centres.filter(slug__in=slugs))
    if len(centres) != len(slugs):
        raise ValueError("An answer names a centre that is not part of this consultation.")
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


@transaction.atomic
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
    )
    if attachment:
        response.attachment.name = attachment.name
        response.attachment_name = attachment.original_name
        response.attachment_content_type = attachment.content_type
    # A second send with the same token meets the unique constraint and gets the stored row:
    # one query fewer than looking first, for every response.
    stored = _insert_with_fresh_reference(response)
    if stored is not response:
        return stored
    if centres:  # a new row has no links yet: insert them, without reading any first
        links = Response.centres.through
        links.objects.bulk_create([links(response_id=response.pk, centre_id=centre.pk) for centre in centres])
    transaction.on_commit(partial(queue.state_counts_forget, consultation.pk))
    if response.email:
        # robust=True: a failure here must not turn a stored response into an error page.
        transaction.on_commit(partial(receipt_enqueue, response_id=response.pk), robust=True)
    return response


def receipt_enqueue(*, response_id: int) -> bool:
    """Queue the receipt for a response; False (and the response stays in the outbox) if the broker is down."""
    from ..tasks import send_response_receipt

    try:
        send_response_receipt.delay(response_id)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean "broker not there"
        logger.warning(
            "Broker unavailable; receipt for response %s left for send_pending_receipts", response_id, exc_info=True
        )
        return False
    return True


@transaction.atomic
def receipt_send(*, response_id: int) -> bool:
    """Email the receipt for one response, once. Returns whether an email went out.

    The row is locked so that a redelivered task and the beat task never both send it.
    """
    response = Response.objects.select_for_update().filter(pk=response_id).first()
    if response is None or response.receipt_sent_at is not None or not response.email:
        return False
    consultation = response.consultation
    context = {
        "response": response,
        "consultation": consultation,
        "lines": answers_describe(consultation=consultation, answers=response.answers),
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    subject = _("Your response to %(title)s: reference %(reference)s") % {
        "title": consultation.title,
        "reference": response.reference,
    }
    body = render_to_string("responses/respond/email/receipt.txt", context)
    send_mail(" ".join(str(subject).split()), body, None, [response.email])
    response.receipt_sent_at = timezone.now()
    response.save(update_fields=["receipt_sent_at"])
    return True
