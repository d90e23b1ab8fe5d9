"""A resident's answers saved on the server, to finish later by a link sent by email.

Imported by ``responses.models`` so that it belongs to the responses app; it lives here to
keep the saved-draft journey in one folder (docs/decisions/0008-session-draft.md).
"""

from django.db import models
from django.utils import timezone


class SavedDraftQuerySet(models.QuerySet):
    def link_due(self):
        """Drafts whose link has not gone out yet: the outbox ``send_pending_draft_links`` works through."""
        return self.filter(link_sent_at__isnull=True, used_at__isnull=True, consultation__closes_at__gt=timezone.now())

    def expired(self, now=None):
        """Drafts whose consultation has closed (by its closing time now, should it have moved since)."""
        return self.filter(consultation__closes_at__lte=now or timezone.now())


class SavedDraft(models.Model):
    """One "Save and come back later": the session's draft, the address its link goes to, and the link's hash.

    The link's token is made by the worker when it sends the email and only its SHA-256
    is kept, so neither the database nor the broker ever holds a working link. Using the
    link empties ``data`` and ``email``; the row stays (``used_at``) so that a second use
    can say so, and is deleted with the others when the consultation closes (its ``closes_at``,
    read when needed, so a closing time moved later also keeps its drafts longer).
    """

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    # The draft's idempotency token: a response sent from this draft deletes the saved copy.
    draft_token = models.UUIDField(db_index=True)
    # The letter the draft holds, so delete_abandoned_letters leaves it alone while the draft waits.
    letter = models.CharField(max_length=255, blank=True, db_index=True)
    # The site's address as the resident used it (a host Django allowed), for the link in the email.
    site_url = models.CharField(max_length=200)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = SavedDraftQuerySet.as_manager()

    class Meta:
        app_label = "responses"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Saved draft {self.pk}"
