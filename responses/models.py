"""Responses to a consultation, their moderation record, redactions and exports.

Answers live in one JSON object per response, keyed by question slug: a string
for agreement, single-choice and free-text questions, a list of strings for
multiple choice, and a list of centre slugs for the centre picker. The centres a
respondent chose are also linked through ``Response.centres`` so that the queue
and exports can filter and join on them.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage():
    # Attachments and exports are never served from a public URL.
    return storages["private"]


class RespondentType(models.TextChoices):
    PARENT_CARER = "parent_carer", _("Parent or carer")
    RESIDENT = "resident", _("Resident")
    PROFESSIONAL = "professional", _("Professional working with families")
    COUNCIL = "council", _("City, district or borough council")
    PARISH_COUNCIL = "parish_council", _("Parish or town council")
    VOLUNTARY = "voluntary", _("Voluntary or community organisation")
    OTHER_ORGANISATION = "other_organisation", _("Other organisation")
    ELECTED_MEMBER = "elected_member", _("Elected member")


INDIVIDUAL_TYPES = (RespondentType.PARENT_CARER, RespondentType.RESIDENT, RespondentType.PROFESSIONAL)
ORGANISATION_TYPES = tuple(t for t in RespondentType if t not in INDIVIDUAL_TYPES)


class Consent(models.TextChoices):
    PUBLISH_NAMED = "named", _("Publish my response with my name")
    PUBLISH_ANONYMOUS = "anonymous", _("Publish my response without my name")
    DO_NOT_PUBLISH = "none", _("Do not publish my response")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    EMAIL = "email", _("Email")


class State(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FLAGGED = "flagged", _("Flagged for a senior officer")


class ResponseQuerySet(models.QuerySet):
    def publishable(self):
        """Approved responses whose respondent agreed to publication."""
        return self.filter(state=State.APPROVED, withdrawn_at__isnull=True).exclude(consent=Consent.DO_NOT_PUBLISH)

    def receipt_due(self):
        return self.exclude(email="").filter(receipt_sent_at__isnull=True)

    def not_withdrawn(self):
        return self.filter(withdrawn_at__isnull=True)


class Response(models.Model):
    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=20, unique=True)
    # One response per submitted form: a double click or a resubmission finds this row.
    idempotency_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    respondent_type = models.CharField(max_length=20, choices=RespondentType.choices)
    organisation_name = models.CharField(max_length=200, blank=True)
    respondent_role = models.CharField(max_length=200, blank=True)
    authority_confirmed = models.BooleanField(default=False)
    organisation_verified = models.BooleanField(default=False)

    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)

    answers = models.JSONField(default=dict, blank=True)
    # The redacted fields as published ({field: text with "[redacted]"}), kept by moderation
    # for exports without personal data; empty when nothing is redacted.
    published_fields = models.JSONField(null=True, blank=True, editable=False)
    centres = models.ManyToManyField("centres.Centre", blank=True, related_name="responses")
    # The linked centres' names and districts as the export writes them (centres_used, district),
    # kept by responses/linked_centres.py (docs/decisions/0022-centre-names-stored-with-the-response.md).
    centre_names = models.TextField(blank=True, default="", editable=False)
    centre_districts = models.TextField(blank=True, default="", editable=False)

    attachment = models.FileField(upload_to="attachments/%Y/%m/", storage=private_storage, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_content_type = models.CharField(max_length=100, blank=True)

    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Bumped by every decision so two officers cannot overwrite each other.
    version = models.PositiveIntegerField(default=0)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the respondent withdrew it (responses/rights): off the public page, counts and exports.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("moderate_response", "Can moderate responses"),
            ("enter_response", "Can enter paper and emailed responses"),
            ("decide_flagged", "Can decide responses flagged for a senior officer"),
            ("handle_data_requests", "Can answer subject access and erasure requests"),
            ("view_logs", "Can see the decision and download logs"),
        ]
        indexes = [
            models.Index(fields=["consultation", "state", "-submitted_at", "-id"], name="response_queue_idx"),
            models.Index(fields=["consultation", "-submitted_at", "-id"], name="response_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=State.values), name="response_state_known"),
            models.CheckConstraint(condition=models.Q(consent__in=Consent.values), name="response_consent_known"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_organisation(self) -> bool:
        return self.respondent_type in ORGANISATION_TYPES

    @property
    def public_reference(self) -> str:
        """The part of the reference shown on public pages (never the whole)."""
        return self.reference.rsplit("-", 1)[0]


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSIVE = "abusive", _("Abusive")
    DUPLICATE = "duplicate", _("Duplicate")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Other")


class Decision(models.Model):
    """One moderation decision. Decisions are only ever added, never edited."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=10, choices=State.choices)
    to_state = models.CharField(max_length=10, choices=State.choices)
    reason = models.CharField(max_length=10, choices=RejectReason.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.response}: {self.from_state} to {self.to_state}"


class Redaction(models.Model):
    """A span of a respondent's text hidden from the public, with the reason."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="redactions")
    field = models.CharField(max_length=60, help_text=_("A question slug, or organisation_name."))
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["field", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="redaction_span_not_empty"),
        ]

    def __str__(self):
        return f"{self.response} {self.field}[{self.start}:{self.end}]"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (.xlsx)")


class Export(models.Model):
    """An export job (CSV or Excel). Its state lives here, not in a Celery result backend."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exports")
    filters = models.JSONField(default=dict, blank=True)
    include_personal_data = models.BooleanField(default=False)
    format = models.CharField(max_length=4, choices=ExportFormat.choices, default=ExportFormat.CSV)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_expected = models.PositiveIntegerField(null=True, blank=True)
    rows_written = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the worker building the file last showed it was alive: the claim, each progress save and
    # a heartbeat every few seconds. Silent for EXPORT_STALL_SECONDS means the worker is gone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The outbox of "your export is ready" emails: empty until the email went out.
    ready_email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("request_export", "Can request CSV exports"),
            ("view_all_exports", "Can see everyone's exports"),
            ("export_personal_data", "Can export names, emails and postcodes"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ExportStatus.values), name="export_status_known"),
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.status})"


class ExportDownload(models.Model):
    export = models.ForeignKey(Export, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.user} downloaded {self.export_id} at {self.downloaded_at:%Y-%m-%d %H:%M}"


class Erasure(models.Model):
    """Personal data erased from one response: when, why and which fields. Never edited.

    ``erased_by`` is empty when the retention task erased it (PERSONAL_DATA_RETENTION_DAYS
    after the consultation closed). The response itself, its answers and counts stay.
    """

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="erasures")
    erased_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)
    fields = models.JSONField(default=list, help_text=_("The fields that held personal data."))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["erased_at", "id"]

    def __str__(self):
        return f"{self.response}: {', '.join(self.fields)} erased"


class ResponseVersion(models.Model):
    """The answers a respondent replaced when they corrected their response. Never edited."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="versions")
    answers = models.JSONField(default=dict, blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)
    state = models.CharField(max_length=10, choices=State.choices, help_text=_("The state it was in then."))
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self):
        return f"{self.response} before {self.replaced_at:%Y-%m-%d %H:%M}"


# Models that belong to the responses app but live with their journey's folder.
from .counts.models import ResponseCount  # noqa: E402, F401
from .drafts.models import SavedDraft  # noqa: E402, F401
from .results.models import ResultsSlice, ResultsSummary  # noqa: E402, F401
