"""Writing and publishing an outcome; the figures are frozen when it is published."""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultation.models import Consultation, QuestionKind
from responses.models import State
from responses.results.counting import counts_for
from responses.results.services import results
from responses.results.tables import Table

TOTALS = {"respondent-type": "Responses by respondent type", "channel": "Responses by how they were sent"}
TOTALS["organisation"] = "Organisations and individuals"
CHARTED = (QuestionKind.AGREEMENT, QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def chart_choices(consultation: Consultation) -> list[tuple[str, str]]:
    """The results tables a manager may show on the outcome page."""
    questions = [(f"q-{q.slug}", q.text) for q in consultation.questions.all() if q.kind in CHARTED]
    return [*TOTALS.items(), *questions]


def snapshot_take(consultation: Consultation) -> dict:
    """The approved responses' figures now: totals and every charted question (grouped counts only)."""
    approved = consultation.responses.not_withdrawn().filter(state=State.APPROVED)
    counts = counts_for(
        consultation,
        values={"state": State.APPROVED},
        responses=approved,
        all_states=consultation.responses.not_withdrawn(),
        wait=True,
    )
    found = results(consultation, counts)
    wanted = {key for key, _ in chart_choices(consultation)}
    tables = [asdict(table) for key, table in found.tables.items() if key in wanted]
    nets = {item.question.slug: {"text": item.question.text, "net": item.net} for item in found.questions if item.net}
    return {"total": found.total, "tables": tables, "nets": nets, "taken_at": timezone.now().isoformat()}


def snapshot_tables(snapshot: dict, keys: list[str]) -> list[Table]:
    """The frozen tables the manager chose, in the order they were offered."""
    return [Table(**table) for table in snapshot.get("tables", []) if table["key"] in keys]


def can_publish(consultation: Consultation) -> bool:
    """Only a published consultation that has closed has an outcome to tell."""
    return consultation.published_at is not None and timezone.now() >= consultation.closes_at


@transaction.atomic
def outcome_publish(*, outcome, user) -> None:
    """Freeze the figures and publish the outcome; the consultation then reads "Outcome published"."""
    consultation = outcome.consultation
    if not can_publish(consultation):
        raise ValidationError("You can publish the outcome once the consultation has closed.", code="still_open")
    if not (outcome.themes.strip() and outcome.decision.strip()):
        raise ValidationError("Write what people said and what the council decided first.", code="incomplete")
    now = timezone.now()
    outcome.snapshot = snapshot_take(consultation)
    outcome.published_at, outcome.published_by = now, user
    outcome.save()
    # The consultation's own fields, so its status and lists know the outcome is out.
    Consultation.objects.filter(pk=consultation.pk).update(outcome=outcome.decision, outcome_published_at=now)


@transaction.atomic
def outcome_withdraw(*, outcome) -> None:
    """Take the outcome page down (to correct it); publishing again freezes the figures afresh."""
    outcome.published_at, outcome.published_by = None, None
    outcome.save()
    Consultation.objects.filter(pk=outcome.consultation_id).update(outcome_published_at=None)
