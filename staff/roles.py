"""Staff roles are groups of permissions. `roles_ensure()` creates or updates them."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

MODERATOR = "Moderator"
SENIOR_MODERATOR = "Senior moderator"
ANALYST = "Analyst"
CONSULTATION_MANAGER = "Consultation manager"
SERVICE_ADMINISTRATOR = "Service administrator"

ROLES: dict[str, list[str]] = {
    MODERATOR: ["responses.moderate_response", "responses.enter_response", "themes.code_response"],
    ANALYST: ["responses.request_export", "themes.manage_codebook", "themes.code_response"],
    # Consultations are built in the staff area's builder; the admin only shows them.
    CONSULTATION_MANAGER: [
        "consultation.manage_consultation",
        "consultation.view_consultation",
        "consultation.view_question",
        "consultation.view_document",
        "themes.manage_codebook",
    ],
    # Sees everyone's exports and may export personal data; also moderates.
    SENIOR_MODERATOR: [
        "responses.moderate_response",
        "responses.decide_flagged",
        "responses.enter_response",
        "responses.request_export",
        "responses.view_all_exports",
        "responses.export_personal_data",
        "responses.handle_data_requests",
        "responses.view_logs",
        "themes.code_response",
    ],
    # Invites officers, gives and removes roles, deactivates accounts, resets second factors.
    # Answers for the service: its staff, its logs, and people's requests about their data.
    SERVICE_ADMINISTRATOR: ["staff.manage_staff", "responses.view_logs", "responses.handle_data_requests"],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create each role's group and give it exactly the role's permissions."""
    groups = {}
    for name, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in permissions])
        groups[name] = group
    return groups


def roles_ensure_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate hook: every database has the roles once it is migrated, demo data or not."""
    if using != "default":
        return
    roles_ensure()
