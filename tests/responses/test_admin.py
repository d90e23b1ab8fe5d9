"""The admin shows responses and the audit trail, and lets no one change them."""

import pytest
from django.urls import reverse

from responses.models import Decision, State
from responses.moderation.services import response_decide
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(demo_consultation, moderator):
    response = ResponseFactory(consultation=demo_consultation, answers={"impact": "We would lose our group."})
    response_decide(
        response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=response.version
    )
    return response


def test_even_a_superuser_can_read_but_not_add_change_or_delete_the_audit_trail(admin_client, decided):
    decision = Decision.objects.get(response=decided)
    pages = {
        "response": reverse("admin:responses_response_change", args=[decided.pk]),
        "decision": reverse("admin:responses_decision_change", args=[decision.pk]),
    }

    for page in pages.values():
        shown = admin_client.get(page)
        assert shown.status_code == 200
        assert 'name="_save"' not in shown.content.decode()
    assert "We would lose our group." in admin_client.get(pages["response"]).content.decode()
    for model in ("response", "decision", "redaction", "export", "exportdownload"):
        assert admin_client.get(reverse(f"admin:responses_{model}_add")).status_code == 403
    assert admin_client.post(pages["decision"], {"note": "rewritten"}).status_code == 403
    assert (
        admin_client.post(reverse("admin:responses_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code
        == 403
    )

    decision.refresh_from_db()
    assert decision.note != "rewritten"
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_the_admin_lists_responses_decisions_redactions_exports_and_downloads(admin_client, decided):
    for model in ("response", "decision", "redaction", "export", "exportdownload"):
        listing = admin_client.get(reverse(f"admin:responses_{model}_changelist"))
        assert listing.status_code == 200, model
    assert decided.reference in admin_client.get(reverse("admin:responses_response_changelist")).content.decode()
