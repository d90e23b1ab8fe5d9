"""Building a consultation: create, edit, publish or schedule, close, review; its documents.

Every rule is checked here, not only in the forms, so no page, script or shell can break it.
Each function saves through ``saved_by`` so the history names who made the change.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.documents import MAX_DOCUMENT_BYTES, document_format
from consultation.models import Consultation, ConsultationStatus, Document

from .history import refusal, saved_by, stale_check

EDITABLE = (
    "title",
    "slug",
    "summary",
    "body",
    "opens_at",
    "closes_at",
    "proposal_stage",
    "is_demo",
    "equality_monitoring",
)


def dates_check(*, opens_at, closes_at, now, was_open: bool = False, new: bool = False) -> None:
    """Closing after opening; a new consultation (or one not yet open) cannot close in the past."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise refusal("closes_at", _("The closing time must be after the opening time"), "order")
    if closes_at and closes_at <= now and (new or not was_open):
        raise refusal("closes_at", _("The closing time must be in the future"), "past")


def slug_check(*, slug: str, consultation: Consultation | None) -> None:
    clash = Consultation.objects.filter(slug=slug)
    if consultation is not None:
        clash = clash.exclude(pk=consultation.pk)
    if clash.exists():
        raise refusal("slug", _("Another consultation already has this web address"), "slug_clash")


@transaction.atomic
def consultation_create(*, by, centres=(), owners=(), **fields) -> Consultation:
    """A new draft consultation; its creator is its first owner unless others are chosen."""
    now = timezone.now()
    dates_check(opens_at=fields.get("opens_at"), closes_at=fields.get("closes_at"), now=now, new=True)
    slug_check(slug=fields["slug"], consultation=None)
    consultation = Consultation(**{name: value for name, value in fields.items() if name in EDITABLE})
    saved_by(consultation, by)
    consultation.centres.set(centres)
    consultation.owners.set(owners or ([by] if by is not None else []))
    return consultation


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, by, version: int | None = None, centres=None, owners=None, **fields
) -> Consultation:
    """Change a consultation's details. A stale page is refused; an open one keeps its opening time."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    stale_check(consultation, version)
    for name in ("opens_at", "closes_at"):
        # The form shows minutes: the same minute typed back is no change (stored times may have seconds).
        if fields.get(name) and _minute(fields[name]) == _minute(getattr(consultation, name)):
            fields[name] = getattr(consultation, name)
    now = timezone.now()
    status = consultation.status_at(now)
    opened = status not in (ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED, ConsultationStatus.FORTHCOMING)
    if opened and fields.get("opens_at", consultation.opens_at) != consultation.opens_at:
        raise refusal("opens_at", _("The opening time cannot change: the consultation has opened"), "opened")
    if "slug" in fields and fields["slug"] != consultation.slug and consultation.is_visible:
        raise refusal(
            "slug",
            _("The web address cannot change once the consultation is public: links to it would break"),
            "slug_public",
        )
    closes_at = fields.get("closes_at", consultation.closes_at)
    if closes_at != consultation.closes_at or fields.get("opens_at", consultation.opens_at) != consultation.opens_at:
        dates_check(opens_at=fields.get("opens_at", consultation.opens_at), closes_at=closes_at, now=now)
    if "slug" in fields:
        slug_check(slug=fields["slug"], consultation=consultation)
    if centres is not None:
        _centres_check(consultation, centres)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(consultation, name, value)
    saved_by(consultation, by)
    if centres is not None:
        consultation.centres.set(centres)
    if owners is not None:
        consultation.owners.set(owners)
    return consultation


def _minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def _centres_check(consultation: Consultation, centres) -> None:
    """A centre named in an answer stays, so that answer keeps its centre's name."""
    removed = set(consultation.centres.values_list("slug", flat=True)) - {centre.slug for centre in centres}
    named = [slug for slug in removed if consultation.responses.filter(centres__slug=slug).exists()]
    if named:
        raise refusal(
            "centres",
            _("Responses name %(names)s: these centres must stay.") % {"names": ", ".join(sorted(named))},
            "centre_named",
        )


@transaction.atomic
def consultation_publish(*, consultation: Consultation, by, at: datetime.datetime) -> Consultation:
    """Publish at ``at``: now, or a future time (scheduled, hidden until then). Never after it closes."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if at >= consultation.closes_at:
        raise refusal("published_at", _("Publish before the closing time"), "after_close")
    if consultation.is_visible:
        raise ValidationError(_("This consultation is already public"), code="public")
    consultation.published_at = max(at, timezone.now())
    saved_by(consultation, by)
    return consultation


@transaction.atomic
def consultation_unpublish(*, consultation: Consultation, by) -> Consultation:
    """A scheduled consultation back to a draft (a public one stays public: people may have seen it)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled consultation can go back to being a draft"), code="not_scheduled")
    consultation.published_at = None
    saved_by(consultation, by)
    return consultation


@transaction.atomic
def consultation_close_now(*, consultation: Consultation, by) -> Consultation:
    """Close an open consultation at once: responses are refused from now."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed"), code="not_open")
    consultation.closes_at = timezone.now()
    saved_by(consultation, by)
    return consultation


@transaction.atomic
def consultation_review_start(*, consultation: Consultation, by) -> Consultation:
    """A closed consultation goes under review: the outcome can now be written."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != ConsultationStatus.CLOSED:
        raise ValidationError(_("Only a closed consultation can go under review"), code="not_closed")
    consultation.review_started_at = timezone.now()
    saved_by(consultation, by)
    return consultation


def document_check(file) -> str:
    """The format found in an uploaded file's content; a clear error for the wrong type or size."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise refusal("file", _("The file must be 20 MB or smaller"), "too_big")
    found = document_format(file)
    if found is None:
        raise refusal(
            "file", _("The file must be a PDF, a Word document (.docx) or an OpenDocument text (.odt)"), "format"
        )
    return found.code


@transaction.atomic
def document_save(
    *, consultation: Consultation, by, document: Document | None = None, version: int | None = None, file=None, **fields
) -> Document:
    """Add or change a document: a link or an upload (checked by its content), never both missing."""
    if document is not None:
        stale_check(document, version)
    document = document or Document(consultation=consultation, order=consultation.documents.count() + 1)
    for name in ("title", "url", "alternative_format"):
        if name in fields:
            setattr(document, name, fields[name])
    if file is not None:
        document.file_format = document_check(file)
        document.file_size = file.size
        document.file = file
        document.url = ""
    elif document.url:
        document.file = ""
        document.file_format, document.file_size = "", None
    if not document.url and not document.file:
        raise refusal("url", _("Give a link or choose a file to upload"), "empty")
    saved_by(document, by)
    return document


@transaction.atomic
def document_remove(*, document: Document, by) -> None:
    document._history_user = by
    document.delete()
