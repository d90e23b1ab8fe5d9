"""An officer answers a subject access or erasure request: find, download everything held, erase with a reason."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from responses.models import Decision, Erasure, ResponseVersion, State
from tests.factories import ResponseFactory

FIND = reverse("data_requests:find")
DOWNLOAD = reverse("data_requests:download")
ERASE = reverse("data_requests:erase")


def page_text(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


@pytest.fixture
def sam(demo_consultation, moderator):
    """Two responses from Sam (one with a letter, a decision and a corrected version) and one from someone else."""
    first = ResponseFactory(
        consultation=demo_consultation,
        name="Sam Resident",
        email="Sam@Example.org",
        postcode="NR1 2DH",
        answers={"impact": "We would travel 20 miles."},
        state=State.REJECTED,
    )
    first.attachment.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    first.attachment_name = "My letter.pdf"
    first.attachment_content_type = "application/pdf"
    first.save()
    Decision.objects.create(
        response=first, actor=moderator, from_state=State.PENDING, to_state=State.REJECTED, reason="duplicate"
    )
    ResponseVersion.objects.create(
        response=first, answers={"impact": "First thoughts"}, consent="none", state="pending"
    )
    second = ResponseFactory(consultation=demo_consultation, name="Sam R", email="sam@example.org")
    ResponseFactory(consultation=demo_consultation, name="Someone Else", email="else@example.org")
    return [first, second]


def test_officers_find_a_persons_responses_by_email_in_any_case(client, senior, sam):
    client.force_login(senior)

    page = client.get(FIND, {"q": "SAM@example.ORG"})

    text = page_text(page)
    assert "2 responses found" in text
    assert sam[0].reference in text and sam[1].reference in text
    assert "Someone Else" not in text


def test_officers_find_responses_by_reference(client, senior, sam):
    client.force_login(senior)

    page = client.get(FIND, {"q": f"{sam[1].reference.lower()}"})

    assert "1 response found" in page_text(page)
    assert sam[1].reference in page_text(page)


def test_something_neither_an_email_nor_a_reference_gets_a_clear_message(client, senior, sam):
    client.force_login(senior)

    page = client.get(FIND, {"q": "Sam Resident"})

    assert "Enter an email address, or references such as NCC-7K3P-Q9MX" in page_text(page)


def test_the_download_holds_everything_held_about_the_person(client, senior, sam):
    client.force_login(senior)

    download = client.get(DOWNLOAD, {"q": "sam@example.org"})

    assert download["Content-Disposition"].startswith('attachment; filename="subject-access-')
    report = json.loads(download.content)
    assert report["asked_for"] == "sam@example.org"
    first = next(r for r in report["responses"] if r["reference"] == sam[0].reference)
    assert (first["name"], first["email"], first["postcode"]) == ("Sam Resident", "Sam@Example.org", "NR1 2DH")
    assert first["answers"] == {"impact": "We would travel 20 miles."}
    assert first["letters"] == [{"name": "My letter.pdf", "type": "application/pdf"}]
    assert first["earlier_versions"][0]["answers"] == {"impact": "First thoughts"}
    assert first["decisions"][0]["to"] == "rejected" and first["decisions"][0]["reason"] == "duplicate"
    assert "mod" not in json.dumps(first["decisions"])  # the officer's own name is theirs, not the requester's
    assert first["erasures"] == []
    assert len(report["responses"]) == 2


def test_erasure_needs_a_reason(client, senior, sam):
    client.force_login(senior)

    page = client.post(ERASE, {"q": "sam@example.org", "reason": "  "})

    assert page.status_code == 400
    assert "Enter why you are erasing their personal data" in page_text(page)
    assert not Erasure.objects.exists()


def test_erasure_removes_personal_data_keeps_the_answers_and_records_who_when_why(
    client, senior, sam, django_capture_on_commit_callbacks
):
    client.force_login(senior)
    letter, storage = sam[0].attachment.name, sam[0].attachment.storage

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(ERASE, {"q": "sam@example.org", "reason": "Erasure request, case 1234"}, follow=True)

    assert "Personal data erased from 2 response(s)." in page_text(page)
    assert "Erasure request, case 1234" in page_text(page)  # the page now finds them by reference
    for response in sam:
        response.refresh_from_db()
        assert (response.name, response.email, response.postcode, response.attachment.name) == ("", "", "", "")
    assert sam[0].answers == {"impact": "We would travel 20 miles."}
    assert not storage.exists(letter)
    erasure = Erasure.objects.get(response=sam[0])
    assert (erasure.erased_by, erasure.reason) == (senior, "Erasure request, case 1234")
    assert set(erasure.fields) == {"name", "email", "postcode", "attachment"}


def test_erasing_an_already_erased_respondent_says_so_and_changes_nothing(client, senior, sam):
    client.force_login(senior)
    references = " ".join(r.reference for r in sam)
    client.post(ERASE, {"q": references, "reason": "Erasure request"})

    again = client.post(ERASE, {"q": references, "reason": "Erasure request, again"}, follow=True)

    assert "Nothing was erased: these responses hold no personal data any more." in page_text(again)
    assert "There is nothing to erase" in page_text(again)
    assert Erasure.objects.count() == 2
    assert not Erasure.objects.filter(reason="Erasure request, again").exists()


def test_the_erased_email_address_finds_nothing_and_says_to_search_by_reference(client, senior, sam):
    client.force_login(senior)
    client.post(ERASE, {"q": "sam@example.org", "reason": "Erasure request"})

    page = client.get(FIND, {"q": "sam@example.org"})

    assert "No response matches" in page_text(page)
    assert "search by reference" in page_text(page)


@pytest.mark.parametrize("url", [FIND, DOWNLOAD + "?q=sam@example.org"])
def test_moderators_without_the_permission_are_refused(client, moderator, sam, url):
    client.force_login(moderator)

    assert client.get(url).status_code == 403
    assert client.post(ERASE, {"q": "sam@example.org", "reason": "x"}).status_code == 403
    assert not Erasure.objects.exists()


def test_the_download_holds_the_persons_equality_answers_and_erasure_removes_them(client, senior, sam):
    from equality.models import EqualityAnswers

    EqualityAnswers.objects.create(response=sam[0], sex="female", caring="no")
    client.force_login(senior)

    report = json.loads(client.get(DOWNLOAD, {"q": "sam@example.org"}).content)
    equality = {r["reference"]: r["equality_monitoring"] for r in report["responses"]}
    assert equality[sam[0].reference]["sex"] == "Female"
    assert equality[sam[1].reference] is None

    client.post(ERASE, {"q": "sam@example.org", "reason": "Asked by email"})
    assert not EqualityAnswers.objects.filter(response=sam[0]).exists()
