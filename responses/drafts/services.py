"""Saving a resident's draft on the server, and taking it back by the emailed link.

A saved draft is a copy of the session's draft (``responses.respond.draft``) with the
address its link goes to. It lasts until the consultation closes; its link works once,
and using it empties the saved copy (the answers go back into the session).
"""

import uuid
from functools import partial

from django.db import transaction
from django.utils import timezone

from consultation.models import Consultation

from .link import token_hash
from .models import SavedDraft
from .tasks import draft_link_enqueue


class DraftLinkUsed(Exception):
    """The link was used already: it works once."""


class DraftLinkUnknown(Exception):
    """No saved draft has this link (mistyped, cut short, or its draft deleted)."""


@transaction.atomic
def draft_save(*, consultation: Consultation, data: dict, email: str, site_url: str) -> SavedDraft:
    """Store the draft and queue the email with its link once the row is committed.

    The broker being down does not lose the save: the link goes out from the outbox. An
    earlier save of the same draft not used yet is replaced, so only the newest link works.
    """
    SavedDraft.objects.filter(draft_token=data["token"], used_at__isnull=True).delete()
    saved = SavedDraft.objects.create(
        consultation=consultation,
        data=data,
        email=email,
        draft_token=uuid.UUID(data["token"]),
        letter=(data.get("attachment") or {}).get("name", ""),
        site_url=site_url,
    )
    transaction.on_commit(partial(draft_link_enqueue, saved_draft_id=saved.pk), robust=True)
    return saved


def draft_link_find(*, consultation: Consultation, token: str) -> SavedDraft:
    """The saved draft a link opens; raises DraftLinkUsed or DraftLinkUnknown."""
    saved = SavedDraft.objects.filter(consultation=consultation, token_hash=token_hash(token)).first()
    if saved is None:
        raise DraftLinkUnknown
    if saved.used_at:
        raise DraftLinkUsed
    return saved


@transaction.atomic
def draft_restore(*, consultation: Consultation, token: str) -> dict:
    """Use the link: return the saved draft and empty the saved copy, email address included."""
    saved = draft_link_find(consultation=consultation, token=token)
    used = SavedDraft.objects.filter(pk=saved.pk, used_at__isnull=True).update(
        used_at=timezone.now(), data={}, email=""
    )
    if not used:
        raise DraftLinkUsed  # used by another request between the read and here
    return saved.data


def saved_drafts_discard(*, draft_token: str) -> int:
    """Delete the saved copies of a draft once its response is sent (they are no longer needed).

    A copy whose link was used already holds nothing but the fact, kept so the link can say so.
    """
    deleted, _ = SavedDraft.objects.filter(draft_token=draft_token, used_at__isnull=True).delete()
    return deleted
