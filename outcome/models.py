"""The outcome of a consultation: "We asked, you said, we did".

A consultation manager writes it once the consultation has closed and publishes it. At
publication the figures are frozen in ``snapshot`` (tables of counts, never a response), so
the public page keeps saying what the council saw when it decided.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.Model):
    consultation = models.OneToOneField(
        "consultation.Consultation", on_delete=models.CASCADE, primary_key=True, related_name="outcome_page"
    )
    themes = models.TextField(
        blank=True, help_text=_("What people said: the main themes of the responses. Blank lines separate paragraphs.")
    )
    decision = models.TextField(
        blank=True, help_text=_("What the council decided, and why. Blank lines separate paragraphs.")
    )
    charts = models.JSONField(default=list, blank=True, help_text=_("The keys of the results tables to show."))
    decision_stage = models.ForeignKey(
        "centres.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The stage of the proposal the decision led to, shown from the register of centres."),
    )
    # Frozen at publication: {"total": n, "tables": [{key, title, header, rows, bars, note}], "nets": {...}}.
    snapshot = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Outcome of {self.consultation}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @staticmethod
    def _paragraphs(text: str) -> list[str]:
        import re

        return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]

    @property
    def theme_paragraphs(self) -> list[str]:
        return self._paragraphs(self.themes)

    @property
    def decision_paragraphs(self) -> list[str]:
        return self._paragraphs(self.decision)
