"""A consultation's codebook of themes, which responses each theme codes, and the audit of coding.

A theme has a stable code (``T01``, ``T02``, ...) numbered per consultation and never reused,
so an export's ``themes`` column means the same thing after a theme is removed. Themes nest
two levels deep at most: a theme, and sub-themes under it (the services refuse a third).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Codebook(models.Model):
    """A consultation's codebook. Its themes hang off the consultation; this row numbers them
    and is locked while one is added, so two analysts adding at once get different codes."""

    consultation = models.OneToOneField("consultation.Consultation", on_delete=models.CASCADE, related_name="codebook")
    themes_numbered = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Codebook of {self.consultation}"


class Theme(models.Model):
    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField(editable=False)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    search_terms = models.JSONField(default=list, blank=True, help_text=_("Words or phrases, each a string."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        permissions = [
            ("manage_codebook", "Can add, edit and remove themes of a codebook"),
            ("code_response", "Can code responses with themes"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="theme_number_unique"),
            models.UniqueConstraint("consultation", Lower("name"), name="theme_name_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def code(self) -> str:
        return theme_code(self.number)


def theme_code(number: int) -> str:
    """The theme's code in exports and on pages: T01, T02, ... T100."""
    return f"T{number:02d}"


class Coding(models.Model):
    """A response is coded with a theme. Only the services add or delete these, each with a CodingChange."""

    response = models.ForeignKey("responses.Response", on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    coded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "theme"], name="coding_unique")]
        indexes = [models.Index(fields=["theme", "response"], name="coding_theme_idx")]

    def __str__(self):
        return f"{self.response_id} coded {self.theme_id}"


class CodingAction(models.TextChoices):
    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")


class CodingChange(models.Model):
    """One theme added to or removed from one response: who, when. Only ever added, never edited.

    The theme's code and name are copied, so the history still reads right after a theme is
    renamed or removed (its link is then empty)."""

    response = models.ForeignKey("responses.Response", on_delete=models.CASCADE, related_name="coding_changes")
    theme = models.ForeignKey(Theme, null=True, on_delete=models.SET_NULL, related_name="+")
    theme_code = models.CharField(max_length=10)
    theme_name = models.CharField(max_length=100)
    action = models.CharField(max_length=10, choices=CodingAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=CodingAction.values), name="coding_action_known"),
        ]

    def __str__(self):
        return f"{self.response_id}: {self.action} {self.theme_code}"
