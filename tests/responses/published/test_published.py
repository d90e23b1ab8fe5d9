import pytest
from django.urls import reverse

from responses.models import Consent, RespondentType, State
from responses.moderation.services import response_redact
from tests.factories import ConsultationFactory, ResponseFactory, UserFactory

SCRIPT = "<script>alert('x')</script>"


def published_url(consultation):
    return reverse("published:list", kwargs={"slug": consultation.slug})


def publish(consultation, **kwargs):
    return ResponseFactory(consultation=consultation, state=State.APPROVED, **kwargs)


def shown(page) -> set[str]:
    return {entry["reference"] for entry in page.context["entries"]}


def test_only_approved_responses_with_consent_are_published(client, demo_consultation):
    named = publish(demo_consultation, consent=Consent.PUBLISH_NAMED)
    anonymous = publish(demo_consultation, consent=Consent.PUBLISH_ANONYMOUS)
    publish(demo_consultation, consent=Consent.DO_NOT_PUBLISH)
    for state in (State.PENDING, State.REJECTED, State.FLAGGED):
        ResponseFactory(consultation=demo_consultation, state=state)

    page = client.get(published_url(demo_consultation))

    assert shown(page) == {named.public_reference, anonymous.public_reference}
    assert "2 published responses" in page.content.decode()


def test_published_page_shows_the_public_reference_answers_and_organisation(client, demo_consultation):
    centre = demo_consultation.centres.first()
    response = publish(
        demo_consultation,
        respondent_type=RespondentType.PARISH_COUNCIL,
        organisation_name="Ashill Parish Council",
        answers={
            "proposal_agreement": "disagree",
            "centres_you_use": [centre.slug],
            "impact": "Families would have to drive to Dereham.",
        },
    )

    html = client.get(published_url(demo_consultation)).content.decode()

    assert f"Response {response.public_reference}:" in html
    assert response.reference not in html
    for text in ["Ashill Parish Council", "Parish or town council", "Disagree", centre.name, "drive to Dereham"]:
        assert text.replace("'", "&#x27;") in html
    assert "How much do you agree or disagree" in html


def test_name_is_published_only_with_consent_to_publish_it(client, demo_consultation):
    publish(demo_consultation, consent=Consent.PUBLISH_NAMED, name="Priya Named")
    publish(demo_consultation, consent=Consent.PUBLISH_ANONYMOUS, name="Anon Person")

    html = client.get(published_url(demo_consultation)).content.decode()

    assert "Priya Named" in html
    assert "Anon Person" not in html


def test_published_page_never_shows_email_postcode_or_attachment(client, demo_consultation):
    publish(
        demo_consultation,
        consent=Consent.PUBLISH_NAMED,
        email="secret@example.org",
        postcode="NR1 2DH",
        attachment_name="private-letter.pdf",
        # The moderator missed these: they are hidden all the same.
        answers={"impact": "Mail me at other@example.org or visit IP24 1AB.", "anything_else": "Ring 01603 222222"},
    )

    html = client.get(published_url(demo_consultation)).content.decode()

    for private in ["secret@example.org", "NR1 2DH", "private-letter.pdf", "other@example.org", "IP24 1AB", "222222"]:
        assert private not in html
    assert "Mail me at [redacted] or visit [redacted]." in html


def test_redacted_text_is_replaced_and_the_original_kept(client, demo_consultation):
    response = publish(demo_consultation, answers={"impact": "My son Jack loves the stay and play."})
    response_redact(response_id=response.pk, actor=UserFactory(), field_name="impact", spans=[(7, 11)], reason="Name")

    html = client.get(published_url(demo_consultation)).content.decode()

    assert "My son [redacted] loves the stay and play." in html
    assert "Jack" not in html
    response.refresh_from_db()
    assert response.answers["impact"] == "My son Jack loves the stay and play."


def test_published_page_filters_by_respondent_type_and_centre(client, demo_consultation):
    centre = demo_consultation.centres.first()
    parish = publish(demo_consultation, respondent_type=RespondentType.PARISH_COUNCIL, organisation_name="A")
    parent = publish(demo_consultation, centres=[centre])

    by_type = client.get(published_url(demo_consultation), {"respondent_type": RespondentType.PARISH_COUNCIL})
    by_centre = client.get(published_url(demo_consultation), {"centre": centre.slug})

    assert shown(by_type) == {parish.public_reference}
    assert shown(by_centre) == {parent.public_reference}


def test_bad_filter_on_the_published_page_gives_a_message(client, demo_consultation):
    page = client.get(published_url(demo_consultation), {"centre": "atlantis", "page": "x"})

    assert page.status_code == 200
    assert "Choose a centre from the list" in page.content.decode()


def test_published_page_is_paginated(client, demo_consultation):
    for _ in range(25):
        publish(demo_consultation)

    first = client.get(published_url(demo_consultation))
    assert len(first.context["entries"]) == 20
    assert "Page 1 of 2" in first.content.decode()

    after = first.context["page"].next_cursor
    second = client.get(published_url(demo_consultation), {"after": str(after), "page": 2})
    assert len(second.context["entries"]) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert not set(shown(first)) & set(shown(second))

    before = second.context["page"].previous_cursor
    back = client.get(published_url(demo_consultation), {"before": str(before), "page": 1})
    assert shown(back) == shown(first)


@pytest.mark.parametrize("rows", [5, 20])
def test_published_page_query_count_does_not_grow_with_rows(client, demo_consultation, django_assert_num_queries, rows):
    for _ in range(rows):
        publish(demo_consultation, answers={"impact": "Words"})

    # Consultation, centres (form), count, rows, redactions, questions, centre names.
    with django_assert_num_queries(7):
        client.get(published_url(demo_consultation))


def test_draft_consultation_has_no_published_page(client, db):
    draft = ConsultationFactory(published_at=None)

    assert client.get(published_url(draft)).status_code == 404


def test_stored_script_is_escaped_on_the_published_page(client, demo_consultation):
    publish(
        demo_consultation,
        consent=Consent.PUBLISH_NAMED,
        name=SCRIPT,
        respondent_type=RespondentType.VOLUNTARY,
        organisation_name=SCRIPT,
        answers={"impact": SCRIPT, "services_used": [SCRIPT]},
    )

    html = client.get(published_url(demo_consultation)).content.decode()

    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
