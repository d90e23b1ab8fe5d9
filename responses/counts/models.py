"""The kept counts of responses: rows of changes, written by the database itself.

Database triggers on ``responses_response`` and on its links to centres (migration
responses/0010) add a row here for every insert, change of state, consent, type or
withdrawal, and delete: +n or -n responses in one group, for the consultation and for each
centre the responses chose. Rows are only ever added by the triggers, so 50 respondents
sending at once never wait on one another's counter; reading sums the few rows of a
consultation, and ``responses.counts.services.counts_fold`` now and then replaces them by
their sums.
"""

from django.db import models


class ResponseCount(models.Model):
    """+n or -n responses of a consultation, or of a centre in it, in one group."""

    # No constraint in the database and no index of their own (response_count_idx serves): each
    # send adds a row here, and a constraint would check the consultation and the centre at every
    # commit. Django still deletes a consultation's or a centre's rows with it.
    consultation = models.ForeignKey(
        "consultation.Consultation", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    # Empty: the consultation's responses. A centre: those that chose it (a response may choose several).
    centre = models.ForeignKey(
        "centres.Centre",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    state = models.CharField(max_length=10)
    withdrawn = models.BooleanField()
    consent = models.CharField(max_length=10)
    respondent_type = models.CharField(max_length=20)
    n = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["consultation", "centre"], name="response_count_idx")]

    def __str__(self):
        return f"{self.consultation_id} {self.centre_id or ''} {self.state} {self.respondent_type}: {self.n:+d}"
