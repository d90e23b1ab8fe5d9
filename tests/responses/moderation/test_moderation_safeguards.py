"""Moderation that cannot leak: bulk approval and flagged responses."""

import pytest
from django.urls import reverse

from responses.models import Decision, Redaction, State
from responses.moderation import services as moderation
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db

NAMES_SOMEONE = "Our health visitor Mrs Brown was the only one who noticed."
PLAIN = "The centre in Dereham is the only one we can reach by bus."


def bulk_approve(client, consultation, responses):
    return client.post(
        reverse("moderation:bulk", kwargs={"slug": consultation.slug}),
        {"action": "approve", "selected": [f"{r.pk}:{r.version}" for r in responses]},
        follow=True,
    )


def test_bulk_approval_leaves_responses_that_seem_to_name_someone_pending(client, moderator, demo_consultation):
    client.force_login(moderator)
    plain = [ResponseFactory(consultation=demo_consultation, answers={"impact": PLAIN}) for _ in range(2)]
    naming = ResponseFactory(consultation=demo_consultation, answers={"impact": NAMES_SOMEONE})

    page = bulk_approve(client, demo_consultation, [*plain, naming]).content.decode()

    naming.refresh_from_db()
    assert naming.state == State.PENDING
    assert set(Decision.objects.values_list("response__reference", flat=True)) == {r.reference for r in plain}
    assert "2 response(s) approved" in page
    assert (
        f"1 need a look for personal data before they can be published, so they were not approved: {naming.reference}"
        in page
    )


def test_once_the_name_is_redacted_bulk_approval_publishes_it(client, moderator, demo_consultation):
    client.force_login(moderator)
    naming = ResponseFactory(consultation=demo_consultation, answers={"impact": NAMES_SOMEONE})
    start = NAMES_SOMEONE.index("Mrs Brown")
    Redaction.objects.create(
        response=naming, field="impact", start=start, end=start + len("Mrs Brown"), reason="Name", created_by=moderator
    )

    bulk_approve(client, demo_consultation, [naming])

    naming.refresh_from_db()
    assert naming.state == State.APPROVED


def flagged_by(officer, consultation):
    response = ResponseFactory(consultation=consultation)
    moderation.response_decide(response_id=response.pk, actor=officer, to_state=State.FLAGGED, expected_version=0)
    response.refresh_from_db()
    return response


def test_a_moderator_cannot_decide_a_response_flagged_for_a_senior_officer(moderator, demo_consultation):
    response = flagged_by(moderator, demo_consultation)

    with pytest.raises(moderation.NeedsSeniorOfficer):
        moderation.response_decide(
            response_id=response.pk, actor=moderator, to_state=State.APPROVED, expected_version=response.version
        )

    response.refresh_from_db()
    assert response.state == State.FLAGGED


def test_a_senior_moderator_cannot_decide_a_response_they_flagged_but_another_can(
    senior, django_user_model, demo_consultation
):
    from staff.roles import SENIOR_MODERATOR

    other = django_user_model.objects.create_user("senior2", password="a-long-test-password", is_staff=True)
    other.groups.add(django_user_model.groups.rel.model.objects.get(name=SENIOR_MODERATOR))
    response = flagged_by(senior, demo_consultation)

    with pytest.raises(moderation.NeedsSeniorOfficer, match="another senior moderator"):
        moderation.response_decide(
            response_id=response.pk, actor=senior, to_state=State.APPROVED, expected_version=response.version
        )
    moderation.response_decide(
        response_id=response.pk, actor=other, to_state=State.APPROVED, expected_version=response.version
    )

    response.refresh_from_db()
    assert response.state == State.APPROVED


def test_a_moderator_sees_why_a_flagged_response_has_no_decision_form(client, moderator, demo_consultation):
    response = flagged_by(moderator, demo_consultation)
    client.force_login(moderator)

    page = client.get(reverse("moderation:response", kwargs={"reference": response.reference})).content.decode()

    assert "Only a senior moderator can decide it" in page
    assert "Save decision" not in page


def test_bulk_decisions_leave_flagged_responses_to_a_senior_officer(client, moderator, demo_consultation):
    response = flagged_by(moderator, demo_consultation)
    client.force_login(moderator)

    page = client.post(
        reverse("moderation:bulk", kwargs={"slug": demo_consultation.slug}),
        {"action": "reject_spam", "selected": [f"{response.pk}:{response.version}"]},
        follow=True,
    ).content.decode()

    response.refresh_from_db()
    assert response.state == State.FLAGGED
    assert f"wait for another senior moderator: {response.reference}" in page
