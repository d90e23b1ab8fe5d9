"""Reading campaign groups for officers: sizes, the text a group shares and how each member differs."""

import difflib
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count

from consultation.models import Question, QuestionKind
from responses.models import Response

from .models import Group, GroupEvent, Membership

MEMBERS_PER_PAGE = 50


@dataclass(frozen=True)
class GroupInfo:
    pk: int
    code: str
    size: int


def groups_of(response_ids: list[int]) -> dict[int, GroupInfo]:
    """The group (code and size) of each response that is in one: two queries for a page of the queue."""
    rows = list(Membership.objects.filter(response_id__in=response_ids).values_list("response_id", "group_id"))
    group_ids = {group_id for _, group_id in rows}
    sizes = Group.objects.filter(pk__in=group_ids).annotate(size=Count("memberships")).values_list("pk", "code", "size")
    infos = {pk: GroupInfo(pk, code, size) for pk, code, size in sizes}
    return {response_id: infos[group_id] for response_id, group_id in rows}


def consultation_groups(consultation_id: int):
    """The consultation's groups of two or more, largest first, each with ``size``."""
    groups = Group.objects.filter(consultation_id=consultation_id, merged_into__isnull=True)
    return groups.annotate(size=Count("memberships")).filter(size__gte=2).order_by("-size", "code")


def campaign_choices(consultation_id: int) -> list[tuple[str, str]]:
    return [(g.code, f"{g.code} ({g.size} responses)") for g in consultation_groups(consultation_id)]


def free_text_slugs(consultation_id: int) -> list[str]:
    questions = Question.objects.filter(consultation_id=consultation_id, kind=QuestionKind.FREE_TEXT)
    return list(questions.order_by("order").values_list("slug", flat=True))


def free_text(answers, slugs: list[str]) -> str:
    answers = answers if isinstance(answers, dict) else {}
    return "\n\n".join(value for slug in slugs if isinstance(value := answers.get(slug), str) and value)


def shared_text(group: Group, slugs: list[str]) -> str:
    """The text most members sent exactly (spacing and case aside), or the first member's."""
    hashes = Counter(
        Membership.objects.filter(group=group).values_list("response__campaign_fingerprint__text_hash", flat=True)
    )
    members = Response.objects.filter(campaign_membership__group=group).order_by("submitted_at", "id")
    (common, count), *_ = hashes.most_common(1) or [(None, 0)]
    if count > 1 and common is not None:
        members = members.filter(campaign_fingerprint__text_hash=common)
    first = members.values_list("answers", flat=True).first()
    return free_text(first, slugs)


def differences(shared: str, text: str) -> list[tuple[str, str]]:
    """How ``text`` differs from ``shared``, word by word: ("same" | "added" | "removed", words)."""
    a, b = shared.split(), text.split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(b[j1:j2])))
    return pieces


def member_page(group: Group, shared: str, slugs: list[str], number) -> tuple[Page, list[dict]]:
    members = Response.objects.filter(campaign_membership__group=group).order_by("submitted_at", "id")
    page = Paginator(members.only("reference", "answers", "state", "submitted_at"), MEMBERS_PER_PAGE).get_page(number)
    rows = []
    for response in page.object_list:
        text = free_text(response.answers, slugs)
        pieces = differences(shared, text)
        rows.append({"response": response, "pieces": pieces, "same": all(kind == "same" for kind, _ in pieces)})
    return page, rows


def group_events(group: Group):
    return GroupEvent.objects.filter(group=group).select_related("actor", "response", "other_group")
