import datetime

from django.urls import reverse
from django.utils import timezone

from responses.models import Channel, Consent, RespondentType, Response, State


def entry_url(consultation):
    return reverse("moderation:enter", kwargs={"slug": consultation.slug})


def paper(**changes):
    return {
        "channel": Channel.PAPER,
        "received_on": timezone.localdate().isoformat(),
        "respondent_type": RespondentType.PARISH_COUNCIL,
        "organisation_name": "Ashill Parish Council",
        "respondent_role": "Clerk",
        "name": "Pat Clerk",
        "postcode": "ip25 7ab",
        "consent": Consent.PUBLISH_ANONYMOUS,
        "q_proposal_agreement": "strongly_disagree",
        "q_impact": "Our families cannot reach Dereham without a car.",
    } | changes


def test_officer_enters_a_paper_response_on_the_respondents_behalf(client, moderator, demo_consultation):
    client.force_login(moderator)

    page = client.post(entry_url(demo_consultation), paper(), follow=True)

    response = Response.objects.get()
    assert (response.channel, response.entered_by, response.state) == (Channel.PAPER, moderator, State.PENDING)
    assert response.organisation_name == "Ashill Parish Council"
    assert response.postcode == "IP25 7AB"
    assert response.answers == {
        "proposal_agreement": "strongly_disagree",
        "impact": "Our families cannot reach Dereham without a car.",
    }
    assert f"Response {response.reference} entered" in page.content.decode()
    assert "(entered by mod)" in page.content.decode()


def test_an_emailed_response_may_leave_required_questions_unanswered(client, moderator, demo_consultation):
    client.force_login(moderator)
    data = paper(channel=Channel.EMAIL, respondent_type=RespondentType.RESIDENT, q_proposal_agreement="", q_impact="")

    client.post(entry_url(demo_consultation), data)

    response = Response.objects.get()
    assert (response.channel, response.answers, response.organisation_name) == (Channel.EMAIL, {}, "")


def test_entry_outside_the_consultation_dates_is_refused(client, moderator, demo_consultation):
    client.force_login(moderator)
    before = (demo_consultation.opens_at - datetime.timedelta(days=3)).date().isoformat()

    page = client.post(entry_url(demo_consultation), paper(received_on=before))

    assert page.status_code == 400
    assert "The consultation was not open on that date" in page.content.decode()
    assert not Response.objects.exists()


def test_entry_form_checks_every_field(client, moderator, demo_consultation):
    client.force_login(moderator)
    data = paper(
        channel="carrier-pigeon",
        received_on="2999-01-01",
        organisation_name="",
        email="not-an-email",
        postcode="XYZ",
        q_proposal_agreement="maybe",
    )

    page = client.post(entry_url(demo_consultation), data)

    html = page.content.decode()
    assert page.status_code == 400
    for message in [
        "Select paper or email",
        "The date received must be today or in the past",
        "Enter the name of the organisation",
        "Enter an email address in the correct format",
        "Enter a real postcode",
        "Question 1: select one of the answers given",
    ]:
        assert message in html
    assert not Response.objects.exists()


def test_analyst_cannot_enter_responses(client, analyst, demo_consultation):
    client.force_login(analyst)

    assert client.post(entry_url(demo_consultation), paper()).status_code == 403
    assert not Response.objects.exists()
