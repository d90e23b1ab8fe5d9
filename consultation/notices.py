"""Emails to a consultation's owners: it has opened, it has closed, responses wait for moderation.

Worker side (called by consultation/tasks.py). Each notice is claimed by one UPDATE before
it is sent, so a task that runs twice, or two workers at once, tell the owners once.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from .models import Consultation

logger = logging.getLogger(__name__)

# A notice for an event older than this is not sent: deploying the feature does not email about old consultations.
NOTICE_WINDOW = datetime.timedelta(days=1)


def _owner_addresses(consultation: Consultation) -> list[str]:
    return [user.email for user in consultation.owners.all() if user.email and user.is_active]


def _site() -> str:
    """The site's address for links in emails: the first trusted origin, as production sets it."""
    origins = settings.CSRF_TRUSTED_ORIGINS
    return origins[0].rstrip("/") if origins else ""


def _builder_link(consultation: Consultation) -> str:
    base = _site()
    return f"{base}{reverse('builder:detail', kwargs={'pk': consultation.pk})}"


def _claim(consultation_id: int, field: str, now) -> bool:
    return bool(Consultation.objects.filter(pk=consultation_id, **{f"{field}__isnull": True}).update(**{field: now}))


def lifecycle_notices_send(now: datetime.datetime | None = None) -> int:
    """Tell the owners of each consultation that opened or closed in the last day. Returns emails sent."""
    now = now or timezone.now()
    since = now - NOTICE_WINDOW
    visible = Q(published_at__lte=now)
    opened = Consultation.objects.filter(
        visible, opens_at__lte=now, opens_at__gt=since, closes_at__gt=now, opened_notice_sent_at__isnull=True
    )
    closed = Consultation.objects.filter(
        visible, closes_at__lte=now, closes_at__gt=since, closed_notice_sent_at__isnull=True
    )
    messages = []
    for consultation in opened.prefetch_related("owners"):
        if _claim(consultation.pk, "opened_notice_sent_at", now):
            messages += _messages(consultation, f"Now open: {consultation.title}", "is now open for responses")
    for consultation in closed.prefetch_related("owners"):
        if _claim(consultation.pk, "closed_notice_sent_at", now):
            messages += _messages(consultation, f"Now closed: {consultation.title}", "has closed: no more responses")
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def _messages(consultation: Consultation, subject: str, what: str) -> list[tuple]:
    body = (
        f"The consultation “{consultation.title}” {what}.\n\n"
        f"See it in the consultation builder: {_builder_link(consultation)}\n\n"
        "You get this email because you are one of its owners."
    )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in _owner_addresses(consultation)]


def moderation_waiting_send() -> int:
    """Each morning: tell each consultation's owners how many responses wait for moderation (none: no email)."""
    waiting = (
        Consultation.objects.annotate(waiting=Count("responses", filter=Q(responses__state__in=("pending", "flagged"))))
        .filter(waiting__gt=0, owners__isnull=False)
        .distinct()
        .prefetch_related("owners")
    )
    messages = []
    for consultation in waiting:
        count = consultation.waiting
        noun = "response waits" if count == 1 else "responses wait"
        body = (
            f"{count} {noun} for moderation in “{consultation.title}”.\n\n"
            f"Moderate them in the staff area: {_site()}"
            f"{reverse('moderation:home')}\n\nYou get this email because you are one of its owners."
        )
        subject = f"{count} {noun} for moderation: {consultation.title}"
        messages += [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in _owner_addresses(consultation)]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
