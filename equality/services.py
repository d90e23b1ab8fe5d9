"""Storing a respondent's equality monitoring answers, beside their response and apart from its answers."""

from responses.models import Response

from .choices import QUESTIONS
from .models import EqualityAnswers


def equality_answers_record(*, response: Response, answers: dict) -> EqualityAnswers | None:
    """Store the answers given on the equality page; nothing when it was skipped or left blank.

    Idempotent: a response sent twice (the same draft) keeps the answers stored the first time.
    Values that are not among a question's choices are dropped (the form already refused them).
    """
    known = {name: value for name, value in answers.items() if name in QUESTIONS and value in QUESTIONS[name][2].values}
    if not known:
        return None
    stored, _ = EqualityAnswers.objects.get_or_create(response=response, defaults=known)
    return stored
