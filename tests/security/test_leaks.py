"""An unpublished consultation cannot be found: not by its respond pages, nor through the admin's redirect."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from consultation.models import Consultation
from responses.models import Consent, State
from tests.factories import ConsultationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", ["", "who/", "about/", "questions/", "check/", "done/"])
def test_the_respond_pages_of_a_draft_answer_exactly_as_a_consultation_that_does_not_exist(client, step):
    ConsultationFactory(slug="secret-plan", title="Secret plan", published_at=None)

    draft = client.get(f"/consultations/secret-plan/respond/{step}")
    nothing = client.get(f"/consultations/no-such-plan/respond/{step}")

    assert draft.status_code == nothing.status_code == 404
    assert draft.content == nothing.content
    assert b"Secret plan" not in draft.content


def view_on_site(consultation: Consultation) -> str:
    content_type = ContentType.objects.get_for_model(Consultation)
    return reverse("admin:view_on_site", args=[content_type.pk, consultation.pk])


def test_the_admin_redirect_does_not_give_a_drafts_address_to_staff_who_may_not_view_consultations(client, moderator):
    draft = ConsultationFactory(slug="secret-plan", published_at=None)
    client.force_login(moderator)

    answer = client.get(view_on_site(draft))

    assert answer.status_code == 404
    assert "secret-plan" not in answer.get("Location", "") and b"secret-plan" not in answer.content


def test_the_admin_redirect_still_takes_a_consultation_manager_to_the_public_page(client, manager):
    consultation = ConsultationFactory(slug="open-plan")
    client.force_login(manager)

    answer = client.get(view_on_site(consultation))

    assert answer.status_code == 302
    assert answer["Location"].endswith("/consultations/open-plan/")


def test_the_admin_offers_no_view_on_site_link_for_a_draft(client, manager):
    draft = ConsultationFactory(slug="secret-plan", published_at=None)
    client.force_login(manager)

    page = client.get(reverse("admin:consultation_consultation_change", args=[draft.pk])).content.decode()

    assert "View on site" not in page


def test_the_published_page_hides_an_anonymous_respondents_own_name_and_lookalike_contact_details(
    client, demo_consultation
):
    text = "Sam Carter here: the Carter family needs Drayton. Mail sam\uff20example.org or ring 0 1 6 0 3 1 2 3 4 5 6."
    for consent in (Consent.PUBLISH_ANONYMOUS, Consent.PUBLISH_NAMED):
        ResponseFactory(
            consultation=demo_consultation,
            state=State.APPROVED,
            consent=consent,
            name="Sam Carter",
            answers={"impact": text},
        )

    html = client.get(reverse("published:list", kwargs={"slug": demo_consultation.slug})).content.decode()

    hidden = "[redacted] here: the [redacted] family needs Drayton. Mail [redacted] or ring [redacted]."
    named = "Sam Carter here: the Carter family needs Drayton. Mail [redacted] or ring [redacted]."
    assert hidden in html and named in html
    assert "sam\uff20example.org" not in html and "0 1 6 0 3" not in html
