import pytest

from consultation.models import Consultation
from tests.factories import ResponseFactory

LETTER = (
    "Save our children's centres! Acle Children's Centre is a lifeline for families in our area. "
    "Closing 46 of 53 centres will hurt the most vulnerable children in Norfolk. Keep our centres open."
)


def respond(consultation: Consultation, impact: str, **fields):
    """A response whose main free-text answer is ``impact``."""
    return ResponseFactory(consultation=consultation, answers={"impact": impact}, **fields)


@pytest.fixture
def signed_in(client, moderator):
    """A client signed in as a moderator."""
    client.force_login(moderator)
    return client
