"""Service administrators' work on staff accounts: invitations, roles, deactivation and second
factors. Each change is recorded as an AccountEvent (who, when, what)."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AccountEvent, Invitation
from ..roles import ROLES, SERVICE_ADMINISTRATOR
from ..two_factor.services import two_factor_reset

_SALT = "staff.invitation"


class AccountRefused(Exception):
    """A change the rules forbid; the message says why, for the page."""


class InvitationProblem(Exception):
    """An invitation link that cannot be used: `code` is invalid, expired or used."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def invitation_expires_at(invitation: Invitation) -> datetime.datetime:
    return invitation.created_at + datetime.timedelta(days=settings.INVITATION_DAYS)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_SALT)


def invitation_pending_for(email: str) -> Invitation | None:
    """An unused invitation to this address that still works."""
    since = timezone.now() - datetime.timedelta(days=settings.INVITATION_DAYS)
    return Invitation.objects.filter(email__iexact=email, accepted_at=None, created_at__gt=since).first()


@transaction.atomic
def invitation_create(
    *, actor, email: str, first_name: str, last_name: str, roles: list[str], site_url: str
) -> Invitation:
    """Record the invitation and email its link; if the email cannot be sent, nothing is kept."""
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=[role for role in ROLES if role in roles],
        nonce=secrets.token_hex(16),
        invited_by=actor,
    )
    AccountEvent.objects.create(
        actor=actor,
        invitation=invitation,
        action=AccountEvent.Action.INVITED,
        detail=_("Invited %(email)s with roles: %(roles)s")
        % {"email": email, "roles": ", ".join(invitation.roles) or _("none")},
    )
    link = site_url.rstrip("/") + reverse("staff:invitation", args=[invitation_token(invitation)])
    context = {
        "invitation": invitation,
        "link": link,
        "expires_at": invitation_expires_at(invitation),
        "SERVICE_NAME": settings.SERVICE_NAME,
        "COUNCIL_NAME": settings.COUNCIL_NAME,
    }
    send_mail(
        subject=_("You are invited to the %(service)s staff area") % {"service": settings.SERVICE_NAME},
        message=render_to_string("staff/accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names, if it still works; InvitationProblem otherwise."""
    try:
        data = signing.loads(token, salt=_SALT)
        invitation = Invitation.objects.get(pk=data["i"], nonce=data["n"])
    except (signing.BadSignature, KeyError, TypeError, Invitation.DoesNotExist):
        raise InvitationProblem("invalid") from None
    if invitation.accepted_at is not None:
        raise InvitationProblem("used")
    if invitation_expires_at(invitation) <= timezone.now():
        raise InvitationProblem("expired")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation_id: int, username: str, password: str):
    """Make the officer's account with the roles they were invited with; the link works once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.accepted_at is not None:
        raise InvitationProblem("used")
    user = get_user_model().objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        is_staff=True,
    )
    user.groups.set(Group.objects.filter(name__in=invitation.roles))
    invitation.accepted_at, invitation.user = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "user"])
    invitation.events.update(account=user)
    AccountEvent.objects.create(
        actor=user, account=user, invitation=invitation, action=AccountEvent.Action.JOINED, detail=_("Chose a password")
    )
    return user


def _may_change(actor, account) -> None:
    if account.is_superuser and not actor.is_superuser:
        raise AccountRefused(_("Only a superuser can change a superuser's account"))


@transaction.atomic
def account_roles_set(*, actor, account, roles: list[str]) -> None:
    """Give the account exactly these roles; an administrator cannot take away their own."""
    _may_change(actor, account)
    before = set(account.groups.filter(name__in=ROLES).values_list("name", flat=True))
    after = {role for role in ROLES if role in roles}
    if account.pk == actor.pk and SERVICE_ADMINISTRATOR in before - after:
        raise AccountRefused(
            _("You cannot remove your own Service administrator role. Ask another service administrator to do it")
        )
    if before == after:
        return
    account.groups.remove(*Group.objects.filter(name__in=before - after))
    account.groups.add(*Group.objects.filter(name__in=after - before))
    parts = []
    if after - before:
        parts.append(_("Given: %s") % ", ".join(sorted(after - before)))
    if before - after:
        parts.append(_("Removed: %s") % ", ".join(sorted(before - after)))
    AccountEvent.objects.create(
        actor=actor, account=account, action=AccountEvent.Action.ROLES_CHANGED, detail=". ".join(parts)
    )


@transaction.atomic
def account_active_set(*, actor, account, active: bool) -> None:
    """Deactivate (no sign-in, any session ends) or reactivate an account."""
    _may_change(actor, account)
    if account.pk == actor.pk:
        raise AccountRefused(_("You cannot deactivate your own account"))
    if account.is_active == active:
        return
    account.is_active = active
    account.save(update_fields=["is_active"])
    action = AccountEvent.Action.REACTIVATED if active else AccountEvent.Action.DEACTIVATED
    AccountEvent.objects.create(actor=actor, account=account, action=action)


@transaction.atomic
def account_two_factor_reset(*, actor, account) -> None:
    """The officer sets up a new authenticator app (and gets new backup codes) at their next sign-in."""
    _may_change(actor, account)
    if account.pk == actor.pk:
        raise AccountRefused(_("You cannot reset your own second factor. Ask another service administrator"))
    two_factor_reset(user=account)
    AccountEvent.objects.create(actor=actor, account=account, action=AccountEvent.Action.TWO_FACTOR_RESET)
