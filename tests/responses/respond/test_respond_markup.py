"""What assistive technology is told about each field of the public form, and how the officers' entry page looks."""

import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .journey import INDIVIDUAL, PARISH, url

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CONTROLS = {"input", "textarea", "select", "fieldset"}


class Elements(HTMLParser):
    """Every element of a page with its attributes, the form group (``govuk-form-group``) it sits in
    and whether it is in the error summary."""

    def __init__(self, html: str):
        super().__init__()
        self.elements, self._open, self._groups = [], [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        _, group, summary = self._open[-1] if self._open else (None, None, False)
        classes = attrs.get("class", "").split()
        if "govuk-form-group" in classes:
            self._groups += 1
            group = self._groups
        summary = summary or "govuk-error-summary" in classes
        self.elements.append({"tag": tag, "group": group, "summary": summary, **attrs})
        if tag not in VOID:
            self._open.append((tag, group, summary))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def with_class(self, name: str) -> list[dict]:
        return [element for element in self.elements if name in element.get("class", "").split()]


def about_an_organisation_all_wrong(client, consultation):
    client.post(url(consultation, "who"), PARISH)
    letter = SimpleUploadedFile("letter.pdf", b"not a pdf at all", content_type="application/pdf")
    wrong = {"name": "x" * 201, "email": "not an email", "postcode": "not a postcode", "letter": letter}
    return client.post(url(consultation, "about"), wrong)


def about_a_resident_all_wrong(client, consultation):
    client.post(url(consultation, "who"), INDIVIDUAL)
    return client.post(url(consultation, "about"), {"name": "x" * 201, "email": "@", "postcode": "x"})


def questions_all_wrong(client, consultation):
    client.post(url(consultation, "who"), INDIVIDUAL)
    client.post(url(consultation, "about"), {"consent": "none"})
    wrong = {"q_centres_you_use": "nowhere", "q_services_used": "nothing", "q_visit_frequency": "never"}
    return client.post(url(consultation, "questions"), wrong | {"q_anything_else": "x" * 5001})


def who_unanswered(client, consultation):
    return client.post(url(consultation, "who"), {})


@pytest.mark.parametrize(
    ("page", "errors"),
    [
        (who_unanswered, 1),
        (about_an_organisation_all_wrong, 8),
        (about_a_resident_all_wrong, 4),
        (questions_all_wrong, 6),
    ],
)
def test_every_error_on_a_public_page_is_read_out_with_its_field(client, demo_consultation, page, errors):
    client.get(url(demo_consultation, "start"))
    html = Elements(page(client, demo_consultation).content.decode())

    assert_each_error_is_linked_to_its_field(html, errors)


def test_every_error_on_the_officers_entry_page_is_read_out_with_its_field(client, moderator, demo_consultation):
    client.force_login(moderator)
    wrong = {"channel": "pigeon", "received_on": "yesterday", "email": "@", "q_proposal_agreement": "maybe"}
    page = client.post(reverse("moderation:enter", kwargs={"slug": demo_consultation.slug}), wrong)
    html = Elements(page.content.decode())

    assert_each_error_is_linked_to_its_field(html, 6)  # and respondent type and consent, not given
    date = next(element for element in html.elements if element.get("id") == "id_received_on")
    assert {"govuk-input", "govuk-input--error"} <= set(date["class"].split())  # drawn, and red, as GOV.UK's


def assert_each_error_is_linked_to_its_field(html: Elements, errors: int) -> None:
    """Each error message sits in a red form group, is named by its field's aria-describedby, and the
    error summary's link for it lands on an element of the page."""
    messages = html.with_class("govuk-error-message")
    assert len(messages) == errors == len(html.with_class("govuk-form-group--error"))
    for message in messages:
        described = [
            element
            for element in html.elements
            if element["group"] == message["group"]
            and element["tag"] in CONTROLS
            and message["id"] in element.get("aria-describedby", "").split()
        ]
        assert message["id"] and described, f"error {message['id']!r} is linked to no field in its form group"
    ids = {element.get("id") for element in html.elements}
    for element in html.elements:
        for target in element.get("aria-describedby", "").split():
            assert target in ids, f"{element.get('id')} is described by {target!r}, which is not on the page"
    summary = [element["href"] for element in html.elements if element["tag"] == "a" and element["summary"]]
    assert len(summary) == errors
    for href in summary:
        assert href[1:] in ids, f"the error summary links to {href}, which is not on the page"


def test_the_officers_entry_page_gives_every_question_the_same_small_heading(client, moderator, demo_consultation):
    client.force_login(moderator)
    page = client.get(reverse("moderation:enter", kwargs={"slug": demo_consultation.slug})).content.decode()

    for question in demo_consultation.questions.all():
        label = re.escape(question.text.replace("'", "&#x27;"))
        heading = re.search(rf'<(legend|label) class="([^"]*)"[^>]*>\s*{label}', page)
        assert heading, question.slug
        assert heading.group(2).endswith("--s"), (question.slug, heading.group(2))
