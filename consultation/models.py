"""A consultation, its documents and its questions."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import MAX_DOCUMENT_BYTES, document_format


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    OUTCOME_PUBLISHED = "outcome", _("Outcome published")


class ConsultationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


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
    is_demo = models.BooleanField(default=False, help_text=_("Shown with a banner saying it is a demonstration."))
    equality_monitoring = models.BooleanField(
        default=False, help_text=_("Ask the optional equality monitoring questions after the consultation's questions.")
    )
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
        if self.published_at is None:
            return ConsultationStatus.DRAFT
        if self.outcome_published_at is not None:
            return ConsultationStatus.OUTCOME_PUBLISHED
        if now < self.opens_at:
            return ConsultationStatus.FORTHCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

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
    order = models.PositiveSmallIntegerField(default=0)

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
        return [(option, option) for option in self.options or []]
