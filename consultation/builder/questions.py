"""A consultation's questions: add, change, remove and reorder them, under the lock rules.

Once a consultation has a response, answers are stored under each question's slug and hold
the text of the options chosen, so slugs, kinds and existing options are locked, and no
question or option can be removed: an answer must never lose its question.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from consultation.models import OTHER, Consultation, Question, QuestionKind

from .history import refusal, saved_by, stale_check

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
FIELDS = ("text", "hint", "required", "kind", "slug", "options", "allow_other", "max_length")


def slug_from_text(text: str, *, consultation: Consultation, exclude: int | None = None) -> str:
    """An export column name made from the question's words, unique in the consultation."""
    base = re.sub(r"_+", "_", slugify(text).replace("-", "_"))[:40].strip("_") or "question"
    taken = set(consultation.questions.exclude(pk=exclude).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


def options_check(options: list[str], kind: str) -> list[str]:
    """Options one per line: none empty, none twice, at least two for a choice question."""
    options = [option.strip() for option in options]
    if kind not in CHOICE_KINDS:
        return []
    if any(not option for option in options):
        raise refusal("options", _("Remove the empty option"), "empty_option")
    seen = set()
    for option in options:
        if option.casefold() in seen:
            raise refusal(
                "options",
                _("“%(option)s” is given twice: give each option once") % {"option": option},
                "duplicate_option",
            )
        seen.add(option.casefold())
    if OTHER in options:
        raise refusal("options", _("“%(o)s” cannot be an option") % {"o": OTHER}, "reserved")
    if len(options) < 2:
        raise refusal("options", _("A choice question needs at least two options"), "few_options")
    return options


def _slug_check(slug: str, *, consultation: Consultation, exclude: int | None) -> None:
    if consultation.questions.exclude(pk=exclude).filter(slug=slug).exists():
        raise refusal(
            "slug",
            _("Another question in this consultation has the export name “%(slug)s”") % {"slug": slug},
            "slug_clash",
        )


def _lock_check(question: Question, changes: dict) -> None:
    """Refuse what would part earlier answers from their question (only once there are responses)."""
    locked = _("The consultation has responses, and their answers are stored under it.")
    if changes.get("slug", question.slug) != question.slug:
        raise refusal("slug", _("The export name cannot change. %(why)s") % {"why": locked}, "locked")
    if changes.get("kind", question.kind) != question.kind:
        raise refusal("kind", _("The type cannot change. %(why)s") % {"why": locked}, "locked")
    kept = set(changes.get("options", question.options))
    removed = [option for option in question.options if option not in kept]
    if removed:
        raise refusal(
            "options",
            _(
                "“%(option)s” cannot be changed or removed: responses may have chosen it. "
                "You can add new options below the existing ones."
            )
            % {"option": removed[0]},
            "locked",
        )
    if question.allow_other and not changes.get("allow_other", True):
        raise refusal("allow_other", _("“Other” cannot be removed: responses may have used it."), "locked")


def question_is_locked(question: Question) -> bool:
    return question.consultation.has_responses


@transaction.atomic
def question_add(*, consultation: Consultation, by, **fields) -> Question:
    """A new question at the end. Its export name comes from its text unless one is given."""
    Consultation.objects.select_for_update().get(pk=consultation.pk)
    fields = {name: value for name, value in fields.items() if name in FIELDS}
    fields["options"] = options_check(fields.get("options") or [], fields["kind"])
    if fields.get("slug"):
        _slug_check(fields["slug"], consultation=consultation, exclude=None)
    else:
        fields["slug"] = slug_from_text(fields["text"], consultation=consultation)
    last = consultation.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question(consultation=consultation, order=last + 1, **fields)
    saved_by(question, by)
    return question


@transaction.atomic
def question_update(*, question: Question, by, version: int | None = None, **changes) -> Question:
    """Change a question. With responses, its slug, kind, existing options and "Other" are locked."""
    question = Question.objects.select_for_update().select_related("consultation").get(pk=question.pk)
    stale_check(question, version)
    changes = {name: value for name, value in changes.items() if name in FIELDS}
    kind = changes.get("kind", question.kind)
    if "options" in changes or "kind" in changes:
        changes["options"] = options_check(changes.get("options", question.options), kind)
    if question_is_locked(question):
        _lock_check(question, changes)
    if changes.get("slug", question.slug) != question.slug:
        _slug_check(changes["slug"], consultation=question.consultation, exclude=question.pk)
    for name, value in changes.items():
        setattr(question, name, value)
    saved_by(question, by)
    return question


@transaction.atomic
def question_remove(*, question: Question, by) -> None:
    """Remove a question and close the gap; refused once the consultation has responses."""
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    if consultation.has_responses:
        raise ValidationError(
            _(
                "This question cannot be removed: the consultation has responses, "
                "and their answers to it would be lost."
            ),
            code="locked",
        )
    question._history_user = by
    question.delete()
    _renumber(consultation, list(consultation.questions.order_by("order")))


@transaction.atomic
def question_move(*, question: Question, by, step: int) -> None:
    """Move a question up (-1) or down (+1). At the top or bottom it stays where it is."""
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    questions = list(consultation.questions.order_by("order"))
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    target = None if index is None else index + step
    if target is None or not 0 <= target < len(questions):
        return
    questions[index], questions[target] = questions[target], questions[index]
    _renumber(consultation, questions, by=by)


def _renumber(consultation: Consultation, questions: list[Question], by=None) -> None:
    """Give ``questions`` the orders 1, 2, 3… without ever holding two at one order.

    The orders are first moved out of the way in one statement, so the unique constraint on
    (consultation, order) never sees a clash, whatever the database checks row by row.
    """
    offset = (max((q.order for q in questions), default=0)) + len(questions) + 1
    consultation.questions.update(order=F("order") + offset)
    for number, question in enumerate(questions, start=1):
        moved = question.order != number
        question.order = number
        if moved and by is not None:
            saved_by(question, by)
        else:
            Question.objects.filter(pk=question.pk).update(order=number)
