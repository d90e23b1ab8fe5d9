"""Hostile or broken values on the themes pages give a message or a refusal, never a server error."""

import pytest
from django.urls import reverse

from tests.factories import ConsultationFactory, ResponseFactory
from themes import services
from themes.models import Coding, Theme

HOSTILE = ["<script>alert(1)</script>", "x" * 5000, "a\x00b", "=1+1", "'; DROP TABLE themes_theme; --", "💥" * 40]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_theme_form_refuses_or_keeps_hostile_text_as_text(client, analyst, demo_consultation, value):
    client.force_login(analyst)

    page = client.post(
        reverse("themes:add", kwargs={"slug": demo_consultation.slug}),
        {"name": value, "description": value, "parent": value, "search_terms": value},
    )

    assert page.status_code in (302, 400)
    assert "<script>alert(1)</script>" not in page.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"themes": ["999999999999999999999999"], "shown": "abc,,-1"},
        {"themes": ["not-a-number"], "shown": "9" * 40},
        {"shown": "1,2,3"},
    ],
)
def test_the_coding_panel_survives_made_up_values(client, moderator, demo_consultation, travel, data):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)

    page = client.post(
        reverse("themes:code-response", kwargs={"slug": demo_consultation.slug, "reference": response.reference}), data
    )

    assert page.status_code == 302
    assert not Coding.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"theme": "abc", "expected": "1", "action": "add"},
        {"theme": "1", "expected": "-5", "action": "remove"},
        {"theme": "", "expected": "x" * 99, "action": "<b>"},
    ],
)
def test_bulk_coding_survives_made_up_values(client, moderator, demo_consultation, travel, data):
    ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)

    page = client.post(reverse("themes:bulk", kwargs={"slug": demo_consultation.slug}) + "?q=%00&after=zzz", data)

    assert page.status_code in (400, 409)
    assert not Coding.objects.exists()


def test_a_theme_of_another_consultation_is_not_found(client, analyst, travel):
    other = ConsultationFactory()
    client.force_login(analyst)

    for name in ("themes:theme", "themes:edit", "themes:remove"):
        assert client.get(reverse(name, kwargs={"slug": other.slug, "pk": travel.pk})).status_code == 404


def test_removing_with_a_made_up_count_removes_nothing_coded(client, analyst, demo_consultation, travel):
    response = ResponseFactory(consultation=demo_consultation)
    services.response_code(response_id=response.pk, actor=analyst, add={travel.pk})
    client.force_login(analyst)

    page = client.post(
        reverse("themes:remove", kwargs={"slug": demo_consultation.slug, "pk": travel.pk}), {"confirmed_count": "x"}
    )

    assert page.status_code == 409
    assert Theme.objects.filter(pk=travel.pk).exists()


def test_a_suggestion_for_an_unknown_response_says_so(client, analyst, demo_consultation, travel):
    client.force_login(analyst)

    page = client.post(
        reverse("themes:code-suggestion", kwargs={"slug": demo_consultation.slug, "pk": travel.pk}),
        {"response": "NCC-NOPE-NOPE" * 100},
        follow=True,
    )

    assert "That response was not found" in page.content.decode()


def test_a_theme_removed_meanwhile_is_reported_rather_than_failing(demo_consultation, moderator, travel):
    gone = travel.pk
    services.theme_remove(theme_id=gone, actor=moderator)

    for change in (services.responses_code_bulk, services.responses_uncode_bulk):
        with pytest.raises(services.ThemeError, match="removed from the codebook meanwhile"):
            change(theme_id=gone, responses=demo_consultation.responses.all(), actor=moderator)
