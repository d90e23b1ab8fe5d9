"""Staff accounts are Django's users and roles are groups (staff/roles.py). These models hold
the invitations that bring an officer in, and the record of what service administrators did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """An officer asked to join by email. The link carries a signed token naming this row; it works
    once, and for settings.INVITATION_DAYS after `created_at`."""

    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    roles = models.JSONField(default=list, help_text="Names of the roles in staff/roles.py ROLES.")
    nonce = models.CharField(max_length=32, help_text="Random: a token for another invitation never fits this one.")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class AccountEvent(models.Model):
    """Who did what to which staff account, and when. Append-only."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited")
        JOINED = "joined", _("Accepted the invitation")
        ROLES_CHANGED = "roles", _("Roles changed")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        TWO_FACTOR_RESET = "two_factor_reset", _("Second factor reset")

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="account_events"
    )
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        permissions = [("manage_staff", "Can invite officers, give roles and deactivate accounts")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"
