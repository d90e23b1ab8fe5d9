"""Results counted ahead for a large consultation (responses/results/).

Imported by ``responses.models`` so that it belongs to the responses app; it lives here with
the journey that reads it.
"""

from django.db import models


class ResultsSummary(models.Model):
    """When a large consultation's results were last counted ahead (beat, every RESULTS_SUMMARY_SECONDS).

    ``data`` holds what the counts were made from (the questions); the counts themselves are
    its ResultsSlice rows, so that a page reads only the slice its filters need.
    """

    consultation = models.OneToOneField(
        "consultation.Consultation", on_delete=models.CASCADE, primary_key=True, related_name="results_summary"
    )
    counted_at = models.DateTimeField()
    data = models.JSONField(default=dict)

    def __str__(self):
        return f"Results of {self.consultation_id} counted at {self.counted_at:%Y-%m-%d %H:%M}"


class ResultsSlice(models.Model):
    """One slice of a summary: the tally (responses/results/tally.py) of the responses in one
    state ("" for every state) that one filter keeps.

    ``key`` is "" (no other filter), "respondent_type:<type>", "kind:<kind>",
    "channel:<channel>", "centre:<slug>", "district:<district>", or "to:<YYYY-MM-DD>" (every
    response sent up to the end of that day in London; a range of days is one minus another).
    ``sums`` holds a few thousand grouped numbers, never a response.
    """

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=120, blank=True)
    sums = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "state", "key"], name="results_slice_unique"),
        ]

    def __str__(self):
        return f"Results of {self.consultation_id}, {self.state or 'every state'}, {self.key or 'all'}"
