import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from responses.models import Channel, Response, State
from responses.respond.services import response_submit

from .journey import ABOUT_PARISH, ABOUT_YOU, ANSWERS, INDIVIDUAL, PARISH, fill_in, send, url

pytestmark = pytest.mark.django_db

PDF_BODY = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_resident_responds_and_gets_a_reference(client, demo_consultation, settings):
    settings.REFERENCE_PREFIX = "NCC"
    centre = demo_consultation.centres.order_by("name").first()

    fill_in(client, demo_consultation, answers=ANSWERS | {"q_centres_you_use": [centre.slug]})
    check = client.get(url(demo_consultation, "check"))
    sent = send(client, demo_consultation)
    done = client.get(sent.url)

    assert check.status_code == 200
    assert "Strongly disagree" in check.content.decode()
    stored = Response.objects.get()
    assert stored.channel == Channel.ONLINE and stored.state == State.PENDING
    assert stored.postcode == "NR1 2DH"
    assert stored.answers["proposal_agreement"] == "strongly_disagree"
    assert list(stored.centres.all()) == [centre]
    assert stored.reference.startswith("NCC-") and stored.reference in done.content.decode()


def test_a_parish_council_responds_with_a_pdf_letter(client, demo_consultation):
    letter = SimpleUploadedFile("letter.pdf", PDF_BODY, content_type="application/pdf")

    client.get(url(demo_consultation, "start"))
    client.post(url(demo_consultation, "who"), PARISH)
    about = client.post(url(demo_consultation, "about"), ABOUT_PARISH | {"letter": letter})
    client.post(url(demo_consultation, "questions"), ANSWERS)
    send(client, demo_consultation)

    assert about.status_code == 302
    stored = Response.objects.get()
    assert stored.organisation_name == "Aylsham Town Council" and stored.authority_confirmed
    assert stored.attachment_name == "letter.pdf"
    assert stored.attachment_content_type == "application/pdf"
    assert stored.attachment.read() == PDF_BODY
    assert not stored.attachment.name.endswith("letter.pdf")  # never the respondent's file name


def test_a_pdf_name_on_a_file_that_is_not_a_pdf_is_refused(client, demo_consultation):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")

    client.get(url(demo_consultation, "start"))
    client.post(url(demo_consultation, "who"), PARISH)
    about = client.post(url(demo_consultation, "about"), ABOUT_PARISH | {"letter": fake})

    assert about.status_code == 200
    assert "must be a PDF or a Word (.docx) document" in about.content.decode()


def test_an_organisation_must_name_itself_and_confirm_its_authority(client, demo_consultation):
    client.get(url(demo_consultation, "start"))
    client.post(url(demo_consultation, "who"), PARISH)
    about = client.post(url(demo_consultation, "about"), {"consent": "named"})

    page = about.content.decode()
    assert "Enter the name of the organisation" in page
    assert "Enter your role in the organisation" in page
    assert "Confirm that you have the authority" in page
    assert 'href="#id_organisation_name"' in page  # the error summary links to the field


def test_changing_from_individual_to_organisation_asks_about_the_organisation(client, demo_consultation):
    fill_in(client, demo_consultation)

    changed = client.post(url(demo_consultation, "who"), PARISH)

    assert changed.url == url(demo_consultation, "about")


def test_check_page_change_links_return_to_the_check_page(client, demo_consultation):
    fill_in(client, demo_consultation)

    again = client.post(url(demo_consultation, "questions"), ANSWERS | {"q_impact": "Changed my mind."})

    assert again.url == url(demo_consultation, "check")
    assert "Changed my mind." in client.get(again.url).content.decode()


def test_sending_twice_stores_one_response_and_shows_the_same_reference(client, demo_consultation):
    fill_in(client, demo_consultation)

    first = send(client, demo_consultation)
    reference = Response.objects.get().reference
    second = send(client, demo_consultation)  # the back button, then "Send response" again

    assert first.url == second.url
    assert Response.objects.count() == 1
    assert reference in client.get(second.url).content.decode()


def test_the_same_draft_sent_from_two_tabs_at_once_stores_one_response(client, demo_consultation):
    fill_in(client, demo_consultation)
    token = client.session[f"response-draft-{demo_consultation.pk}"]["token"]
    # The other tab's request got there first with the same token.
    earlier = response_submit(
        consultation=demo_consultation,
        respondent_type="resident",
        consent="none",
        answers={"proposal_agreement": "agree", "impact": "x"},
        idempotency_token=uuid.UUID(token),
    )
    sent = send(client, demo_consultation)

    assert Response.objects.count() == 1
    assert earlier.reference in client.get(sent.url).content.decode()


def test_a_bot_filling_the_hidden_field_sees_a_reference_but_nothing_is_stored(client, demo_consultation):
    fill_in(client, demo_consultation, who=INDIVIDUAL | {"website": "http://spam.example"})

    sent = send(client, demo_consultation)
    done = client.get(sent.url)

    assert "Response sent" in done.content.decode()
    assert Response.objects.count() == 0
    assert mail.outbox == []


def test_too_many_responses_from_one_address_are_paused_with_a_clear_message(client, demo_consultation, settings):
    settings.RESPONSE_RATE_LIMIT = "2/h"
    for _ in range(2):
        fill_in(client, demo_consultation)
        send(client, demo_consultation)
        client.get(url(demo_consultation, "start") + "?new=1")

    fill_in(client, demo_consultation)
    third = send(client, demo_consultation)

    assert third.status_code == 429
    assert "Too many responses" in third.content.decode()
    assert Response.objects.count() == 2


def test_the_rate_limit_counts_the_address_from_the_configured_header(client, demo_consultation, settings):
    settings.RESPONSE_RATE_LIMIT = "1/h"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    fill_in(client, demo_consultation)
    client.post(url(demo_consultation, "check"), HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.get(url(demo_consultation, "start") + "?new=1")
    fill_in(client, demo_consultation)

    other_address = client.post(url(demo_consultation, "check"), HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert other_address.status_code == 302
    assert Response.objects.count() == 2


def test_html_in_answers_is_stored_as_text_and_escaped_on_the_check_page(client, demo_consultation):
    script = "<script>alert('x')</script> café ☕ 中文"
    fill_in(client, demo_consultation, answers=ANSWERS | {"q_impact": script})

    page = client.get(url(demo_consultation, "check")).content.decode()
    send(client, demo_consultation)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; café ☕ 中文" in page
    assert Response.objects.get().answers["impact"] == script


def test_a_receipt_is_queued_when_the_response_is_stored(
    client, demo_consultation, django_capture_on_commit_callbacks, monkeypatch
):
    from responses.respond import tasks

    fill_in(client, demo_consultation)
    published, receipts, groupings = [], [], []
    monkeypatch.setattr(tasks.response_stored, "delay", published.append)
    monkeypatch.setattr(tasks.send_response_receipt, "delay", receipts.append)
    monkeypatch.setattr("campaigns.tasks.group_new_response.delay", groupings.append)

    with django_capture_on_commit_callbacks(execute=True):
        send(client, demo_consultation)

    # One message leaves the resident's request once the response is committed...
    stored = Response.objects.get()
    assert published == [stored.pk] and receipts == [] and groupings == []
    # ...and the worker running it queues the receipt and the campaign grouping.
    assert tasks.response_stored(stored.pk) == ["grouping", "receipt"]
    assert receipts == [stored.pk] and groupings == [stored.pk]
    tasks.send_response_receipt(stored.pk)
    assert len(mail.outbox) == 1
    assert stored.reference in mail.outbox[0].body
    assert mail.outbox[0].to == [ABOUT_YOU["email"]]


def test_who_is_responding_separates_people_from_organisations_with_a_short_divider(client, demo_consultation):
    client.get(url(demo_consultation, "start"))
    page = client.get(url(demo_consultation, "who")).content.decode()

    assert '<div class="govuk-radios__divider">or</div>' in page
    before, after = page.split('<div class="govuk-radios__divider">or</div>')
    assert "Professional working with families" in before and "Parish or town council" in after
    assert 'aria-describedby="id_respondent_type-hint"' in page


def test_a_centre_taken_out_of_the_consultation_while_the_draft_was_open_sends_the_resident_back(
    client, demo_consultation
):
    centre = demo_consultation.centres.order_by("name").first()
    fill_in(client, demo_consultation, answers=ANSWERS | {"q_centres_you_use": [centre.slug]})
    demo_consultation.centres.remove(centre)

    sent = send(client, demo_consultation)
    page = client.get(sent.url)

    assert sent.url == url(demo_consultation, "questions")
    assert "The list of centres has changed" in page.content.decode()
    assert not Response.objects.exists()
