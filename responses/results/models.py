"""Results counted ahead for a large consultation (responses/results/).

Imported by ``responses.models`` so that it belongs to the responses app; it lives here with
the journey that reads it.
"""

from django.db import models


class ResultsSummary(models.Model):
    """A large consultation's results counted ahead (beat, every RESULTS_SUMMARY_SECONDS).

    ``data`` holds grouped rows only (responses/results/counting.py), never a response.
    """

    consultation = models.OneToOneField(
        "consultation.Consultation", on_delete=models.CASCADE, primary_key=True, related_name="results_summary"
    )
    counted_at = models.DateTimeField()
    data = models.JSONField(default=dict)

    def __str__(self):
        return f"Results of {self.consultation_id} counted at {self.counted_at:%Y-%m-%d %H:%M}"
