"""The optional equality monitoring page: after the questions, before the check page; skipped or answered."""

import pytest
from django.urls import reverse

from equality.models import EqualityAnswers
from responses.models import Response
from tests.responses.respond.journey import ABOUT_PARISH, PARISH, fill_in, send, url

pytestmark = pytest.mark.django_db


def test_the_equality_page_comes_after_the_questions_and_says_it_is_optional(client, equality_consultation):
    after_questions = fill_in(client, equality_consultation)
    page = client.get(after_questions.url).content.decode()

    assert after_questions.url == url(equality_consultation, "equality")
    assert "These questions are optional" in page and "Skip these questions" in page
    assert page.count("Prefer not to say") == 8
    assert "Equality Act 2010" in page and "White: Roma" in page


def test_a_resident_who_skips_the_questions_sends_a_response_with_no_equality_answers(client, equality_consultation):
    fill_in(client, equality_consultation)

    skipped = client.get(url(equality_consultation, "equality") + "?skip=1")
    check = client.get(skipped.url).content.decode()
    send(client, equality_consultation)

    assert skipped.url == url(equality_consultation, "check")
    assert "Equality monitoring questions" in check and "Not answered" in check
    assert Response.objects.count() == 1 and not EqualityAnswers.objects.exists()


def test_answers_are_stored_apart_from_the_responses_answers(client, equality_consultation):
    fill_in(client, equality_consultation)

    to_check = client.post(
        url(equality_consultation, "equality"),
        {"age_band": "35_44", "ethnicity": "white_roma", "religion": "prefer_not"},
    )
    check = client.get(to_check.url).content.decode()
    send(client, equality_consultation)

    response = Response.objects.get()
    assert "Answered (not published)" in check
    assert (response.equality.age_band, response.equality.ethnicity) == ("35_44", "white_roma")
    assert response.equality.religion == "prefer_not" and response.equality.sex == ""
    assert not any(key in response.answers for key in ("age_band", "ethnicity", "religion"))


def test_an_answer_not_offered_gets_a_clear_message(client, equality_consultation):
    fill_in(client, equality_consultation)

    page = client.post(url(equality_consultation, "equality"), {"sex": "<script>"})

    assert page.status_code == 200 and "Select one of the answers given" in page.content.decode()


def test_consultations_without_equality_monitoring_go_straight_to_the_check_page(client, demo_consultation):
    after_questions = fill_in(client, demo_consultation)

    assert after_questions.url == url(demo_consultation, "check")
    assert client.get(url(demo_consultation, "equality")).url == url(demo_consultation, "check")


def test_organisations_are_not_asked_and_answers_given_as_a_person_are_dropped(client, equality_consultation):
    fill_in(client, equality_consultation)
    client.post(url(equality_consultation, "equality"), {"sex": "female"})

    client.post(url(equality_consultation, "who"), PARISH)  # now responding for a parish council
    after_about = client.post(url(equality_consultation, "about"), ABOUT_PARISH)
    check = client.get(after_about.url).content.decode()
    send(client, equality_consultation)

    assert after_about.url == url(equality_consultation, "check")
    assert "Equality monitoring questions" not in check
    assert Response.objects.count() == 1 and not EqualityAnswers.objects.exists()


def test_equality_answers_never_appear_on_public_pages(client, equality_consultation):
    fill_in(client, equality_consultation)
    client.post(url(equality_consultation, "equality"), {"ethnicity": "white_roma", "religion": "sikh"})
    send(client, equality_consultation)
    Response.objects.update(state="approved")

    pages = [
        client.get(reverse("published:list", kwargs={"slug": equality_consultation.slug})),
        client.get(equality_consultation.get_absolute_url()),
        client.get(reverse("home")),
    ]

    assert all(page.status_code == 200 for page in pages)
    assert "We would have to travel 20 miles." in pages[0].content.decode()  # the response is published
    for page in pages:
        assert "Roma" not in page.content.decode() and "Sikh" not in page.content.decode()
