import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from responses.respond.forms import AboutForm, WhoForm
from responses.respond.questions import QuestionsForm
from tests.factories import CentreFactory, ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


@pytest.fixture
def consultation():
    """A consultation with one question of each kind, all required, and two centres."""
    consultation = ConsultationFactory()
    consultation.centres.set([CentreFactory(slug="a-centre"), CentreFactory(slug="b-centre", district="Breckland")])
    for order, (slug, kind, extra) in enumerate(
        [
            ("agree", "agreement", {}),
            ("one", "single", {"options": ["Yes", "No"]}),
            ("many", "multiple", {"options": ["Red", "Blue", "Green"]}),
            ("centres", "centres", {}),
            ("text", "text", {"max_length": 20}),
        ],
        start=1,
    ):
        QuestionFactory(consultation=consultation, order=order, slug=slug, kind=kind, required=True, **extra)
    return consultation


VALID = {"q_agree": "dont_know", "q_one": "No", "q_many": ["Red", "Green"], "q_centres": ["b-centre"], "q_text": "Fine"}


def test_each_question_kind_accepts_a_valid_answer(consultation):
    form = QuestionsForm(VALID, consultation=consultation)

    assert form.is_valid(), form.errors
    assert form.answers() == {
        "agree": "dont_know",
        "one": "No",
        "many": ["Red", "Green"],
        "centres": ["b-centre"],
        "text": "Fine",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q_agree", "", "Question 1: select an answer"),
        ("q_agree", "totally", "Question 1: select one of the answers given"),
        ("q_one", "Maybe", "Question 2: select one of the answers given"),
        ("q_many", [], "Question 3: select at least one answer"),
        ("q_many", ["Red", "Purple"], "Question 3: select only answers from the list"),
        ("q_centres", ["not-in-this-consultation"], "Question 4: select only answers from the list"),
        ("q_centres", [], "Question 4: select at least one centre"),
        ("q_text", "", "Question 5: enter your answer"),
        ("q_text", "x" * 21, "Question 5: your answer must be 20 characters or fewer"),
        ("q_text", "bad\x00byte", "Remove the hidden null characters"),
        ("q_text", "bell\x07", "Remove the hidden control characters"),
    ],
)
def test_each_question_kind_refuses_a_bad_answer_with_its_own_message(consultation, field, value, message):
    form = QuestionsForm(VALID | {field: value}, consultation=consultation)

    assert not form.is_valid()
    assert form.errors[field][0].startswith(message)


def test_the_character_limit_counts_a_line_break_as_one_character(consultation):
    # Browsers send line breaks as \r\n; the on-screen count sees one character.
    form = QuestionsForm(VALID | {"q_text": "a\r\n" * 10}, consultation=consultation)

    assert form.is_valid(), form.errors
    assert form.answers()["text"] == "a\n" * 9 + "a"


def test_the_centre_picker_groups_centres_by_district(consultation):
    form = QuestionsForm(consultation=consultation)

    assert [district for district, _ in form.centre_groups] == ["Breckland", "Norwich"]


@pytest.mark.parametrize(
    ("postcode", "normalised"),
    [("nr1 2dh", "NR1 2DH"), ("NR12DH", "NR1 2DH"), (" pe30  1ey ", "PE30 1EY"), ("SW1A1AA", "SW1A 1AA")],
)
def test_postcodes_are_normalised(postcode, normalised):
    form = AboutForm({"postcode": postcode, "consent": "none"}, is_organisation=False)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == normalised


@pytest.mark.parametrize("postcode", ["NR1", "12345", "NR1 2DHX", "QQ1 1AA", "<b>NR1</b>"])
def test_a_postcode_that_is_not_a_uk_one_is_refused(postcode):
    form = AboutForm({"postcode": postcode, "consent": "none"}, is_organisation=False)

    assert form.errors["postcode"] == ["Enter a real postcode, like NR1 2DH"]


def organisation_form(letter):
    data = {
        "organisation_name": "A Parish",
        "respondent_role": "Clerk",
        "authority_confirmed": "on",
        "name": "Pat Clerk",
        "consent": "named",
    }
    return AboutForm(data, {"letter": letter}, is_organisation=True)


@pytest.mark.parametrize(
    ("name", "body", "content_type"),
    [
        ("letter.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF", "application/pdf"),
        ("LETTER", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
    ids=["pdf", "docx-without-extension"],
)
def test_a_pdf_or_word_letter_is_accepted_by_its_content(name, body, content_type):
    form = organisation_form(SimpleUploadedFile(name, body, content_type="application/octet-stream"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["letter"].content_type_checked == content_type


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("letter.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF or a Word (.docx) document"),
        ("letter.docx", zip_bytes(), "must be a PDF or a Word (.docx) document"),
        ("letter.docx", b"PK\x03\x04 broken zip", "must be a PDF or a Word (.docx) document"),
        ("letter.pdf", b"", "The selected file is empty"),
        ("letter.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "must be smaller than 10 MB"),
    ],
    ids=["html-named-pdf", "zip-named-docx", "broken-zip", "empty", "too-big"],
)
def test_a_bad_letter_is_refused_with_a_clear_message(name, body, message):
    form = organisation_form(SimpleUploadedFile(name, body))

    assert not form.is_valid()
    assert message in form.errors["letter"][0]


def test_individuals_are_not_asked_about_an_organisation():
    form = AboutForm(is_organisation=False)

    assert "organisation_name" not in form.fields and "letter" not in form.fields


def test_the_respondent_type_must_be_one_of_the_list():
    form = WhoForm({"respondent_type": "robot"})

    assert form.errors["respondent_type"] == ["Select who you are responding as from the list"]


@pytest.mark.parametrize("name", ["", "   "])
def test_publishing_with_my_name_needs_a_name(name):
    form = AboutForm({"name": name, "consent": "named"}, is_organisation=False)

    assert not form.is_valid()
    assert form.errors["name"] == ["Enter your name, or choose to publish your response without your name"]


def test_publishing_without_a_name_needs_no_name():
    assert AboutForm({"name": "", "consent": "anonymous"}, is_organisation=False).is_valid()
