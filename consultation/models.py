"""A consultation, its documents and its questions."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .documents import MAX_DOCUMENT_BYTES, document_format


class ConsultationStatus(models.TextChoices):
    """The lifecycle, in order. Only a draft and a scheduled consultation are hidden from the public."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    UNDER_REVIEW = "review", _("Under review")
    OUTCOME_PUBLISHED = "outcome", _("Outcome published")


HIDDEN_STATUSES = (ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED)


class ConsultationQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to the public: publication time reached (a future one is a schedule, not a switch)."""
        return self.filter(published_at__lte=now or timezone.now())


class Consultation(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(help_text=_("One or two sentences shown in lists."))
    body = models.TextField(blank=True, help_text=_("Plain text; blank lines separate paragraphs."))
    # Stored in UTC like every datetime; shown in Europe/London.
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text=_("Responses are refused from this minute."))
    published_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty while the consultation is a draft."))
    outcome = models.TextField(blank=True)
    outcome_published_at = models.DateTimeField(null=True, blank=True)
    # Set by the manager once the consultation has closed; the outcome is written while under review.
    review_started_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text=_("Shown with a banner saying it is a demonstration."))
    equality_monitoring = models.BooleanField(
        default=False, help_text=_("Ask the optional equality monitoring questions after the consultation's questions.")
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_consultations",
        help_text=_("Staff who get an email when it opens and closes, and each morning while responses wait."),
    )
    # When the owners were told it opened or closed: the beat task tells them once.
    opened_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    centres = models.ManyToManyField("centres.Centre", blank=True, related_name="consultations")
    proposal_stage = models.ForeignKey(
        "centres.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The stage of the proposal this consultation asks about."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "opened_notice_sent_at", "closed_notice_sent_at"])

    class Meta:
        ordering = ["-opens_at"]
        permissions = [("manage_consultation", "Can create and edit consultations and their questions")]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})

    def status_at(self, now) -> str:
        """The status at ``now``. The clock decides first: nothing about the outcome closes an open consultation."""
        if self.published_at is None:
            return ConsultationStatus.DRAFT
        if now < self.published_at:
            return ConsultationStatus.SCHEDULED
        if now < self.opens_at:
            return ConsultationStatus.FORTHCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        if self.outcome_published_at is not None and self.outcome_published_at <= now:
            return ConsultationStatus.OUTCOME_PUBLISHED
        if self.review_started_at is not None:
            return ConsultationStatus.UNDER_REVIEW
        return ConsultationStatus.CLOSED

    def outcome_is_public_at(self, now) -> bool:
        """The outcome is shown only once published, and never before the consultation has closed."""
        return self.status_at(now) == ConsultationStatus.OUTCOME_PUBLISHED and bool(self.outcome)

    @property
    def outcome_is_public(self) -> bool:
        return self.outcome_is_public_at(timezone.now())

    @property
    def is_visible(self) -> bool:
        return self.status not in HIDDEN_STATUSES

    @property
    def has_responses(self) -> bool:
        return self.responses.exists()

    @property
    def body_paragraphs(self) -> list[str]:
        """The body's paragraphs: blank lines separate them."""
        return [part.strip() for part in re.split(r"\n\s*\n", self.body.replace("\r\n", "\n")) if part.strip()]

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    def get_status_display(self) -> str:
        return ConsultationStatus(self.status).label


def document_upload_to(instance: "Document", filename: str) -> str:
    """A generated name with the extension of the format found in the file: the uploader's name is never used."""
    return f"documents/{uuid.uuid4().hex}.{instance.file_format or 'bin'}"


class DocumentFileFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word document")
    ODT = "odt", _("OpenDocument text")


class AlternativeFormat(models.TextChoices):
    NONE = "", _("Not an alternative format")
    EASY_READ = "easy_read", _("Easy read")
    LARGE_PRINT = "large_print", _("Large print")
    OTHER_LANGUAGE = "language", _("Other language")


class Document(models.Model):
    """A document about a consultation: a link, or a file (PDF, Word or OpenDocument) uploaded by an officer."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    file = models.FileField(
        upload_to=document_upload_to,
        blank=True,
        help_text=_("A PDF, Word (.docx) or OpenDocument text (.odt) file of at most 20 MB."),
    )
    # Found in the file's content when it is uploaded; the public download checks the content again.
    file_format = models.CharField(max_length=4, choices=DocumentFileFormat.choices, blank=True, editable=False)
    # Recorded at upload, so the public page can say "PDF, 1.2 MB" without opening the file.
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    alternative_format = models.CharField(max_length=12, choices=AlternativeFormat.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(url="") | ~models.Q(file=""), name="document_has_link_or_file"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # Only a new upload is read here; files already stored are checked when served.
        if not self.file or self.file._committed:
            return
        if self.file.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"file": _("The file must be 20 MB or smaller.")}, code="too_big")
        found = document_format(self.file)
        if found is None:
            raise ValidationError(
                {"file": _("The file must be a PDF, a Word document (.docx) or an OpenDocument text (.odt).")},
                code="format",
            )
        self.file_format = found.code
        self.file_size = self.file.size

    @property
    def format_label(self) -> str:
        """What the public sees beside the link: "PDF, 1.2 MB", or nothing for a link."""
        if not self.file:
            return ""
        label = {"pdf": "PDF", "docx": "Word document", "odt": "OpenDocument text"}.get(self.file_format, "")
        if not self.file_size:
            return label
        size = self.file_size / (1024 * 1024)
        amount = f"{size:.1f} MB" if size >= 0.1 else f"{max(1, round(self.file_size / 1024))} KB"
        return f"{label}, {amount}" if label else amount


class QuestionKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    CENTRES = "centres", _("Centre picker")
    FREE_TEXT = "text", _("Free text")


AGREEMENT_CHOICES = [
    ("strongly_agree", _("Strongly agree")),
    ("agree", _("Agree")),
    ("neither", _("Neither agree nor disagree")),
    ("disagree", _("Disagree")),
    ("strongly_disagree", _("Strongly disagree")),
    ("dont_know", _("Don't know")),
]


# The value stored for "Other (please specify)" and for "My centre is not listed".
OTHER = "_other"
OTHER_LABEL = _("Other")
CENTRE_NOT_LISTED_LABEL = _("My centre is not listed")


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=50, help_text=_("Column name in exports."))
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=True)
    options = models.JSONField(default=list, blank=True, help_text=_("The choices, for single and multiple choice."))
    max_length = models.PositiveIntegerField(default=2000, help_text=_("Character limit for free text."))
    # Single and multiple choice: an "Other (please specify)" answer with its own text box.
    allow_other = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "slug"], name="question_slug_unique_per_consultation"),
            models.UniqueConstraint(fields=["consultation", "order"], name="question_order_unique_per_consultation"),
            models.CheckConstraint(condition=models.Q(kind__in=QuestionKind.values), name="question_kind_known"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(self.options or []) < 2:
            raise ValidationError({"options": _("A choice question needs at least two options.")})

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs for choice questions; answers store the value."""
        if self.kind == QuestionKind.AGREEMENT:
            return [(value, str(label)) for value, label in AGREEMENT_CHOICES]
        choices = [(option, option) for option in self.options or []]
        if self.has_other:
            choices.append((OTHER, str(OTHER_LABEL)))
        return choices

    @property
    def has_other(self) -> bool:
        """Whether the question offers a free-text answer beside its list ("Other", or "My centre is not listed")."""
        return self.kind == QuestionKind.CENTRES or (
            self.allow_other and self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        )

    @property
    def other_key(self) -> str:
        """Where the answers keep the text typed beside "Other": a key no slug can be (slugs have no colon)."""
        return f"{self.slug}:other"
