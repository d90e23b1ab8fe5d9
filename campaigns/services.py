"""Officers' changes to campaign groups: confirm, take a response out, merge, decide all at once.

Each change adds a ``GroupEvent`` (who, when, what). No response is deleted or hidden: a
response taken out of a group stays in the queue as any other, and is never grouped again.
A decision on a whole group goes through the moderation service, so each response gets its
own ``Decision`` exactly as a bulk decision in the queue gives.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from responses.moderation import services as moderation

from .models import BandKey, Fingerprint, Group, GroupAction, GroupEvent, Membership


class GroupError(Exception):
    """A change that cannot be made. ``message`` is for the officer."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _lock(group_id: int) -> Group:
    group = Group.objects.select_for_update().get(pk=group_id)
    if group.merged_into_id:
        raise GroupError(_("This group was merged into another one. Reload the page."))
    return group


@transaction.atomic
def group_confirm(*, group_id: int, actor: AbstractBaseUser) -> GroupEvent:
    """Record that an officer checked the group and agrees its responses are one campaign."""
    group = _lock(group_id)
    if group.confirmed_at:
        raise GroupError(_("This group is already confirmed"))
    group.confirmed_at, group.confirmed_by = timezone.now(), actor
    group.save(update_fields=["confirmed_at", "confirmed_by"])
    return GroupEvent.objects.create(group=group, actor=actor, action=GroupAction.CONFIRM)


@transaction.atomic
def group_remove_response(*, group_id: int, response_id: int, actor: AbstractBaseUser) -> GroupEvent:
    """Take a response out of a group for good: it stays a response, alone, and is not grouped again."""
    group = _lock(group_id)
    if not Membership.objects.filter(group=group, response_id=response_id).delete()[0]:
        raise GroupError(_("That response is not in this group"))
    Fingerprint.objects.filter(response_id=response_id).update(kept_apart=True, indexed=False)
    BandKey.objects.filter(response_id=response_id).delete()
    event = GroupEvent.objects.create(group=group, actor=actor, action=GroupAction.REMOVE, response_id=response_id)
    # One response left is not a campaign: it is alone again (and can still be matched).
    if Membership.objects.filter(group=group).count() == 1:
        Membership.objects.filter(group=group).delete()
    return event


@transaction.atomic
def groups_merge(*, group_id: int, other_code: str, actor: AbstractBaseUser) -> GroupEvent:
    """Move every response of the group ``other_code`` into this one; the other's code then leads here."""
    group = _lock(group_id)
    other = Group.objects.select_for_update().filter(code=other_code, consultation_id=group.consultation_id).first()
    if other is None or other.merged_into_id or not other.memberships.exists():
        raise GroupError(_("There is no group with that code in this consultation"))
    if other.pk == group.pk:
        raise GroupError(_("Choose a different group to merge into this one"))
    moved = Membership.objects.filter(group=other).update(group=group)
    other.merged_into = group
    other.save(update_fields=["merged_into"])
    note = f"{other.code}: {moved} response(s)"
    return GroupEvent.objects.create(group=group, actor=actor, action=GroupAction.MERGE, other_group=other, note=note)


@transaction.atomic
def group_decide(*, group_id: int, actor: AbstractBaseUser, to_state: str, reason: str = "") -> moderation.BulkResult:
    """Decide every response of a group at once: one Decision each, as a bulk decision in the queue."""
    group = _lock(group_id)
    members = Membership.objects.filter(group=group).values_list("response_id", "response__version")
    result = moderation.responses_decide_bulk(
        consultation_id=group.consultation_id, versions=dict(members), actor=actor, to_state=to_state, reason=reason
    )
    note = f"{to_state}{f' ({reason})' if reason else ''}: {len(result.decided)} decided"
    GroupEvent.objects.create(group=group, actor=actor, action=GroupAction.MODERATE, note=note)
    return result
