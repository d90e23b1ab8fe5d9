"""A theme's search terms suggest responses that mention them; only an officer's click codes one."""

from django.urls import reverse

from tests.factories import ResponseFactory
from themes import services
from themes.models import Coding, CodingChange
from themes.suggestions import suggestions


def _answer(consultation, text):
    return ResponseFactory(consultation=consultation, answers={"impact": text})


def test_responses_that_mention_a_term_as_a_word_are_suggested(demo_consultation, travel):
    bus = _answer(demo_consultation, "I would have to take the BUS twice.")
    far = _answer(demo_consultation, "Norwich is too far to walk with a pram.")
    _answer(demo_consultation, "Our business relies on the centre.")  # "bus" inside a word
    _answer(demo_consultation, "The staff are wonderful.")

    found = {s.response.pk for s in suggestions(travel)}

    assert found == {bus.pk, far.pk}


def test_a_response_already_coded_with_the_theme_is_not_suggested(demo_consultation, travel, moderator):
    coded = _answer(demo_consultation, "The bus is slow.")
    services.response_code(response_id=coded.pk, actor=moderator, add={travel.pk})

    assert suggestions(travel) == []


def test_the_theme_page_lists_suggestions_and_codes_none_of_them(client, analyst, demo_consultation, travel):
    bus = _answer(demo_consultation, "The bus is slow.")
    client.force_login(analyst)

    page = client.get(reverse("themes:theme", kwargs={"slug": demo_consultation.slug, "pk": travel.pk}))

    assert bus.reference in page.content.decode()
    assert "<mark>bus</mark>" in page.content.decode()
    assert not Coding.objects.exists()
    assert not CodingChange.objects.exists()


def test_one_click_codes_a_suggestion_and_records_it(client, analyst, demo_consultation, travel):
    bus = _answer(demo_consultation, "The bus is slow.")
    other = _answer(demo_consultation, "Too far for us.")
    client.force_login(analyst)

    page = client.post(
        reverse("themes:code-suggestion", kwargs={"slug": demo_consultation.slug, "pk": travel.pk}),
        {"response": bus.reference},
    )

    assert list(Coding.objects.values_list("response_id", flat=True)) == [bus.pk]
    assert list(CodingChange.objects.values_list("response_id", "action", "actor")) == [(bus.pk, "added", analyst.pk)]
    listed = client.get(page["Location"]).content.decode()
    assert other.reference in listed and bus.reference not in listed.split("Suggested responses")[1]


def test_a_theme_without_search_terms_says_how_to_get_suggestions(client, analyst, demo_consultation, staffing):
    _answer(demo_consultation, "Staffing is short.")
    client.force_login(analyst)

    page = client.get(reverse("themes:theme", kwargs={"slug": demo_consultation.slug, "pk": staffing.pk}))

    assert "Give the theme search terms" in page.content.decode()


def test_a_term_with_accented_letters_is_found(demo_consultation, analyst):
    cafe = _answer(demo_consultation, "We meet at the Café after the group.")
    _answer(demo_consultation, "We meet at the cafeteria.")
    theme = services.theme_create(consultation=demo_consultation, name="Café", search_terms=["café"], actor=analyst)

    assert [s.response.pk for s in suggestions(theme)] == [cafe.pk]
