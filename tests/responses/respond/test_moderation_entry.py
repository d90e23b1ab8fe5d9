import datetime
from pathlib import Path

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
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


PDF_LETTER = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_an_officer_attaches_the_letter_and_a_moderator_can_open_it(client, moderator, demo_consultation):
    client.force_login(moderator)
    letter = SimpleUploadedFile("ashill-letter.pdf", PDF_LETTER, content_type="application/pdf")

    client.post(entry_url(demo_consultation), paper(letter=letter))

    response = Response.objects.get()
    assert response.attachment_name == "ashill-letter.pdf"
    download = client.get(reverse("moderation:attachment", kwargs={"reference": response.reference}))
    assert b"".join(download.streaming_content) == PDF_LETTER


def test_a_letter_that_is_not_a_pdf_or_word_file_is_refused_and_nothing_is_stored(client, moderator, demo_consultation):
    client.force_login(moderator)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    page = client.post(entry_url(demo_consultation), paper(letter=fake))

    assert page.status_code == 400
    assert "The selected file must be a PDF or a Word (.docx) document" in page.content.decode()
    assert not Response.objects.exists()


def test_a_refused_entry_leaves_no_letter_behind(client, moderator, demo_consultation):
    client.force_login(moderator)
    before = (demo_consultation.opens_at - datetime.timedelta(days=3)).date().isoformat()
    letter = SimpleUploadedFile("late.pdf", PDF_LETTER, content_type="application/pdf")

    page = client.post(entry_url(demo_consultation), paper(received_on=before, letter=letter))

    assert page.status_code == 400
    assert [path for path in Path(storages["private"].location).rglob("*") if path.is_file()] == []


def test_an_entry_published_with_a_name_needs_the_name(client, moderator, demo_consultation):
    client.force_login(moderator)

    page = client.post(entry_url(demo_consultation), paper(name="", consent=Consent.PUBLISH_NAMED))

    assert page.status_code == 400
    assert "Enter your name, or choose to publish your response without your name" in page.content.decode()
    assert not Response.objects.exists()
