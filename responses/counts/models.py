"""The kept counts of responses: rows of changes, written by the database itself.

Database triggers on ``responses_response`` (migration responses/0010) add a row here for
every insert, change of state, consent, type or withdrawal, and delete: +n or -n responses in
one group. Rows are only ever added by the triggers, so 50 respondents sending at once never
wait on one another's counter; reading sums the few rows of a consultation, and
``responses.counts.counts_fold`` now and then replaces a consultation's rows by their sums.
"""

from django.db import models


class ResponseCount(models.Model):
    """+n or -n responses of one consultation in one group (state, withdrawn, consent, type)."""

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10)
    withdrawn = models.BooleanField()
    consent = models.CharField(max_length=10)
    respondent_type = models.CharField(max_length=20)
    n = models.BigIntegerField()

    def __str__(self):
        return f"{self.consultation_id} {self.state} {self.respondent_type}: {self.n:+d}"
