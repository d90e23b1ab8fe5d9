"""Equality answers made quickly for the report and privacy tests."""

from equality.models import EqualityAnswers
from tests.factories import ResponseFactory


def answered(consultation, count: int, **answers) -> list[EqualityAnswers]:
    """``count`` responses to ``consultation``, each with these equality answers."""
    return [
        EqualityAnswers.objects.create(response=ResponseFactory(consultation=consultation), **answers)
        for _ in range(count)
    ]
