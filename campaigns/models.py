"""Campaign responses: near-identical free text grouped per consultation, and officers' changes.

A response is never hidden or deleted because it is in a group: these tables only describe
groups beside the responses. ``Fingerprint`` is what the grouping remembers of each response
(its MinHash signature), ``BandKey`` the LSH index that finds the earlier responses a new one
may match, ``Group`` and ``Membership`` the groups of two or more, ``GroupEvent`` the audit of
what officers did to them, and ``SeedLabel`` the campaign ``seed_responses`` made a text from
(test and benchmark data only).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Fingerprint(models.Model):
    """One response as the grouping saw it. Its id gives the order responses were grouped in."""

    id = models.BigAutoField(primary_key=True)
    response = models.OneToOneField("responses.Response", on_delete=models.CASCADE, related_name="campaign_fingerprint")
    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    # Empty when the free text is too short to group.
    text_hash = models.BigIntegerField(null=True, blank=True)
    signature = models.BinaryField(null=True, blank=True)
    # In the LSH index (BandKey): not when a nearly equal response is there already.
    indexed = models.BooleanField(default=False)
    # An officer took it out of its group: it is never grouped again.
    kept_apart = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["consultation", "text_hash"], name="fingerprint_text_idx")]

    def __str__(self):
        return f"Fingerprint of response {self.response_id}"


class BandKey(models.Model):
    """One LSH band of an indexed response's signature: responses sharing a key are candidates."""

    id = models.BigAutoField(primary_key=True)
    # No database constraints: checking millions of rows' keys at commit doubled a full run's
    # writes. Django still deletes them with their response or consultation.
    consultation = models.ForeignKey(
        "consultation.Consultation", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    key = models.BigIntegerField()
    response = models.ForeignKey("responses.Response", on_delete=models.CASCADE, related_name="+", db_constraint=False)

    class Meta:
        indexes = [models.Index(fields=["consultation", "key"], name="bandkey_lookup_idx")]

    def __str__(self):
        return f"{self.key} ({self.response_id})"


class Group(models.Model):
    """Responses that share nearly the same text. Its code comes from its first response."""

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=30, unique=True)
    leader = models.OneToOneField(
        "responses.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class Membership(models.Model):
    response = models.OneToOneField("responses.Response", on_delete=models.CASCADE, related_name="campaign_membership")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)
    # A copy of the response's submitted_at (which never changes once stored), so that the
    # moderation queue filtered to one group reads its page from the index below in the
    # queue's keyset order, (submitted_at, id), instead of walking every response.
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["group", "submitted_at", "response"], name="membership_queue_idx")]

    def __str__(self):
        return f"{self.response_id} in {self.group_id}"


class GroupAction(models.TextChoices):
    CONFIRM = "confirm", _("Confirmed the group")
    REMOVE = "remove", _("Removed a response from the group")
    MERGE = "merge", _("Merged another group into this one")
    MODERATE = "moderate", _("Decided the whole group")


class GroupEvent(models.Model):
    """What an officer did to a group: who, when, what. Only ever added."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=10, choices=GroupAction.choices)
    response = models.ForeignKey(
        "responses.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.group}: {self.action}"


class SeedLabel(models.Model):
    """The campaign seed_responses made a response's text from: the truth the benchmark measures."""

    response = models.OneToOneField("responses.Response", on_delete=models.CASCADE, related_name="+")
    campaign = models.CharField(max_length=30)

    def __str__(self):
        return f"{self.response_id}: {self.campaign}"
