"""Equality monitoring answers: kept apart from a response's answers, never published.

One row per response that answered at least one question. Shown to officers only in
aggregate (``equality.report``) or, with the personal-data permission, in the equality
download; erased with the respondent's other personal data by the retention purge.
"""

from django.db import models

from .choices import AgeBand, Caring, Ethnicity, Religion, Sex, SexualOrientation, YesNo


def _answer(choices) -> models.CharField:
    return models.CharField(max_length=30, choices=choices.choices, blank=True)


class EqualityAnswers(models.Model):
    response = models.OneToOneField("responses.Response", on_delete=models.CASCADE, related_name="equality")
    age_band = _answer(AgeBand)
    sex = _answer(Sex)
    gender_same_as_sex = _answer(YesNo)
    disability = _answer(YesNo)
    ethnicity = _answer(Ethnicity)
    religion = _answer(Religion)
    sexual_orientation = _answer(SexualOrientation)
    caring = _answer(Caring)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "equality answers"

    def __str__(self):
        return f"Equality answers {self.pk}"
