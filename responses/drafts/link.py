"""The email with the link back to a saved draft (the worker's side).

The link's token is made here, when the email is sent, and only its SHA-256 is stored: a
link exists only in the resident's mailbox. Sending follows the receipts' outbox: the
row is claimed by one UPDATE (``link_sent_at``) so a redelivered task and the beat sweep
never both send it, and the claim is given back if the mail server refuses.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SavedDraft


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_link_send(*, saved_draft_id: int) -> bool:
    """Email the link to one saved draft, once. Returns whether an email went out."""
    saved = SavedDraft.objects.select_related("consultation").filter(pk=saved_draft_id).first()
    closed = saved is not None and saved.consultation.closes_at <= timezone.now()
    if saved is None or saved.link_sent_at or saved.used_at or not saved.email or closed:
        return False
    token = secrets.token_urlsafe(32)
    claimed_at = timezone.now()
    claim = SavedDraft.objects.filter(pk=saved.pk, link_sent_at__isnull=True, used_at__isnull=True)
    if not claim.update(link_sent_at=claimed_at, token_hash=token_hash(token)):
        return False  # another delivery claimed it between the read and here
    try:
        send_mail(*_email(saved, token), None, [saved.email])
    except BaseException:
        SavedDraft.objects.filter(pk=saved.pk, link_sent_at=claimed_at).update(link_sent_at=None, token_hash=None)
        raise
    return True


def _email(saved: SavedDraft, token: str) -> tuple[str, str]:
    consultation = saved.consultation
    path = reverse("responses:saved", kwargs={"slug": consultation.slug, "token": token})
    context = {
        "consultation": consultation,
        "link": saved.site_url.rstrip("/") + path,
        "expires_at": consultation.closes_at,
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    subject = _("Your saved response to %(title)s") % {"title": consultation.title}
    return " ".join(str(subject).split()), render_to_string("responses/respond/email/saved_draft.txt", context)
