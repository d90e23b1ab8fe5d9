""" "Other (please specify)" and "My centre is not listed": asked, checked, stored, shown and exported."""

import pytest
from django.template import Context, Template

from responses.answers import answer_rows, answers_describe
from responses.respond.questions import QuestionsForm
from tests.factories import CentreFactory, ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    consultation.centres.set([CentreFactory(slug="a-centre", name="Acle Children's Centre")])
    QuestionFactory(
        consultation=consultation,
        order=1,
        slug="visits",
        kind="single",
        options=["Weekly", "Monthly"],
        allow_other=True,
    )
    QuestionFactory(consultation=consultation, order=2, slug="centres", kind="centres")
    return consultation


def test_the_form_offers_other_with_a_text_box_and_the_centre_picker_offers_not_listed(consultation):
    form = QuestionsForm(consultation=consultation)

    assert ("_other", "Other") in form.fields["q_visits"].choices
    assert "q_visits__other" in form.fields and "q_centres__other" in form.fields
    page = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert "My centre is not listed" in page and "If you chose “Other”, please specify" in page


def test_other_and_not_listed_are_stored_with_their_text(consultation):
    data = {
        "q_visits": "_other",
        "q_visits__other": "Only in the holidays",
        "q_centres": ["a-centre", "_other"],
        "q_centres__other": "Sprowston, Norwich",
    }
    form = QuestionsForm(data, consultation=consultation)

    assert form.is_valid(), form.errors
    assert form.answers() == {
        "visits": "_other",
        "visits:other": "Only in the holidays",
        "centres": ["a-centre", "_other"],
        "centres:other": "Sprowston, Norwich",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q_visits": "_other"}, "Question 1: say what your other answer is"),
        ({"q_visits": "Weekly", "q_visits__other": "Also daily"}, "Question 1: choose “Other” or clear this box"),
        ({"q_centres": ["_other"]}, "Question 2: give the name of your centre"),
    ],
)
def test_other_without_its_text_or_text_without_other_is_explained(consultation, data, message):
    form = QuestionsForm(data, consultation=consultation)

    assert not form.is_valid()
    assert message in str(form.errors)


def test_the_answers_in_words_show_the_text_to_officers_and_only_the_word_to_the_public(consultation):
    answers = {"visits": "_other", "visits:other": "Holidays", "centres": ["_other"], "centres:other": "Sprowston"}

    lines = answers_describe(consultation=consultation, answers=answers)
    questions = list(consultation.questions.all())
    officer = answer_rows(questions=questions, answers=answers, centre_names={}, spans={}, public=False)
    public = answer_rows(questions=questions, answers=answers, centre_names={}, spans={}, public=True)

    assert [line.values for line in lines] == [["Other: Holidays"], ["My centre is not listed: Sprowston"]]
    assert [row.labels for row in officer] == [["Other: Holidays"], ["My centre is not listed: Sprowston"]]
    assert [row.labels for row in public] == [["Other"], ["My centre is not listed"]]
