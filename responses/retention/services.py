"""Keeping the privacy notice's promise: personal data are erased a set time after a consultation closes.

What is erased: the respondent's name, email address and postcode, any letter (the file
and its name), and their equality monitoring answers (``equality``, the row deleted).
What stays: the response, its answers, its moderation record and so every
count, as the anonymous record of the consultation. Each erasure is recorded (``Erasure``).
Erasing is idempotent: a response with nothing left to erase is passed over.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from equality.models import EqualityAnswers
from responses.models import Erasure, Response

# "equality" is the response's EqualityAnswers row (its id, or None).
PERSONAL_FIELDS = ("name", "email", "postcode", "attachment", "equality")
RETENTION_REASON = "Retention period ended"
BATCH_SIZE = 1000

_HOLDS_PERSONAL_DATA = (
    Q(name__gt="") | Q(email__gt="") | Q(postcode__gt="") | Q(attachment__gt="") | Q(equality__isnull=False)
)


@dataclass(frozen=True)
class Due:
    """One response whose personal data are due for erasure, and which fields hold some."""

    reference: str
    consultation: str
    fields: tuple[str, ...]


def retention_cutoff(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """Consultations that closed at or before this moment are past the retention period."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def responses_due_for_erasure(*, now: datetime.datetime | None = None) -> QuerySet:
    """Responses to consultations closed longer ago than the retention period that still hold personal data."""
    return Response.objects.filter(consultation__closes_at__lte=retention_cutoff(now=now)).filter(_HOLDS_PERSONAL_DATA)


def erasure_preview(*, now: datetime.datetime | None = None) -> list[Due]:
    """What ``personal_data_purge`` would erase, response by response (for --dry-run)."""
    rows = responses_due_for_erasure(now=now).order_by("consultation__slug", "submitted_at", "pk")
    return [
        Due(reference=row["reference"], consultation=row["consultation__slug"], fields=_held(row))
        for row in rows.values("reference", "consultation__slug", *PERSONAL_FIELDS)
    ]


def _held(row: dict) -> tuple[str, ...]:
    return tuple(field for field in PERSONAL_FIELDS if row[field])


def personal_data_purge(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of every response past the retention period; return how many were erased.

    Works in batches, each in its own transaction: an interrupted run leaves whole batches
    erased and recorded, and the next run goes on from there.
    """
    erased = 0
    while batch := list(responses_due_for_erasure(now=now).order_by("pk")[:BATCH_SIZE].values("pk", *PERSONAL_FIELDS)):
        erased += _erase_batch(batch, reason=RETENTION_REASON)
    return erased


@transaction.atomic
def personal_data_erase(*, response_ids: list[int], reason: str, actor) -> int:
    """Erase the personal data of the given responses now, on an officer's request; return how many.

    The rows are locked first, so two officers erasing at once record one erasure. Responses
    with nothing left to erase are passed over: erasing twice changes nothing.
    """
    rows = list(
        Response.objects.select_for_update(of=("self",))  # not the equality answers, an outer join
        .filter(pk__in=response_ids)
        .filter(_HOLDS_PERSONAL_DATA)
        .order_by("pk")
        .values("pk", *PERSONAL_FIELDS)
    )
    return _erase_batch(rows, reason=reason, actor=actor) if rows else 0


@transaction.atomic
def _erase_batch(batch: list[dict], *, reason: str, actor=None) -> int:
    ids = [row["pk"] for row in batch]
    Erasure.objects.bulk_create(
        [Erasure(response_id=row["pk"], reason=reason, fields=list(_held(row)), erased_by=actor) for row in batch]
    )
    Response.objects.filter(pk__in=ids).update(
        name="", email="", postcode="", attachment="", attachment_name="", attachment_content_type=""
    )
    EqualityAnswers.objects.filter(response_id__in=ids).delete()
    letters = [row["attachment"] for row in batch if row["attachment"]]
    # The files go once the rows no longer point at them; a file left by a failed delete is
    # found by delete_abandoned_letters, which deletes letters no response holds.
    transaction.on_commit(lambda: _delete_letters(letters))
    return len(ids)


def _delete_letters(names: list[str]) -> None:
    storage = Response._meta.get_field("attachment").storage
    for name in names:
        storage.delete(name)
