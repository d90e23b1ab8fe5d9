"""The resident's answers so far: a draft in the session, one per consultation.

The draft gets an idempotency token when the journey starts, so that a double click or
going back and sending again stores one response and shows the same reference. A
resident may also save it on the server and come back by an emailed link
(``responses.drafts``); the session then gets the saved draft back (``restore``).
"""

import uuid

from config import clients
from consultation.models import Consultation
from responses.models import INDIVIDUAL_TYPES

from .letters import StoredAttachment

STEPS = ("who", "about", "questions")


# The optional equality monitoring page, after the questions, where the consultation asks it.
EQUALITY_STEP = "equality"


DRAFT_KEYS = {"who": "who", "about": "about", "questions": "answers", EQUALITY_STEP: "equality"}


def client_address(group, request) -> str:
    """The client's address as a django-ratelimit key (config.clients, shared with sign-in throttling)."""
    return clients.client_address(request)


class Draft:
    """The journey's answers so far, kept in the session under one key per consultation."""

    def __init__(self, session, consultation: Consultation):
        self.session = session
        self.consultation = consultation
        self.key = f"response-draft-{consultation.pk}"

    @property
    def data(self) -> dict:
        return self.session.get(self.key) or {}

    def exists(self) -> bool:
        return bool(self.data.get("token"))

    def start(self) -> None:
        self.session[self.key] = {"token": str(uuid.uuid4())}

    def update(self, **values) -> None:
        if not self.exists():
            self.start()
        self.session[self.key] = self.data | values

    def remove(self, *keys: str) -> None:
        self.session[self.key] = {key: value for key, value in self.data.items() if key not in keys}

    def discard(self) -> None:
        self.session.pop(self.key, None)

    def restore(self, data: dict) -> None:
        """Put back a draft saved on the server (the link's one use)."""
        self.session[self.key] = data | {"saved": True}

    @property
    def was_saved(self) -> bool:
        """Saved on the server at some point ("save and come back later"), here or in the browser it came from."""
        return bool(self.data.get("saved"))

    @property
    def asks_equality(self) -> bool:
        """The equality page is for people: organisations and elected members are not asked."""
        return self.consultation.equality_monitoring and not self.is_organisation

    @property
    def equality(self) -> dict:
        """The equality answers to store: none for a draft that is not asked them (any more)."""
        return (self.data.get("equality") or {}) if self.asks_equality else {}

    @property
    def steps(self) -> tuple[str, ...]:
        return (*STEPS, EQUALITY_STEP) if self.asks_equality else STEPS

    @property
    def is_organisation(self) -> bool:
        kind = self.data.get("who", {}).get("respondent_type")
        return bool(kind) and kind not in INDIVIDUAL_TYPES

    @property
    def attachment(self) -> StoredAttachment | None:
        stored = self.data.get("attachment")
        return StoredAttachment(**stored) if stored else None

    def first_missing_step(self) -> str | None:
        return next((step for step in self.steps if DRAFT_KEYS[step] not in self.data), None)
