"""Analysts and consultation managers keep a codebook: two levels of themes, stable codes, careful removal."""

import pytest
from django.urls import reverse

from tests.factories import ResponseFactory
from themes import services
from themes.models import CodingChange, Theme


def _post_theme(client, slug, **values):
    data = {"name": "", "description": "", "parent": "", "search_terms": ""} | values
    return client.post(reverse("themes:add", kwargs={"slug": slug}), data)


def test_an_analyst_adds_a_theme_and_sees_it_with_its_code(client, analyst, demo_consultation):
    client.force_login(analyst)

    page = _post_theme(client, demo_consultation.slug, name="Travel distance", search_terms="bus\ntoo far\n\nBus")

    assert page.status_code == 302
    codebook = client.get(page["Location"]).content.decode()
    assert "T01" in codebook and "Travel distance" in codebook
    assert Theme.objects.get().search_terms == ["bus", "too far"]


def test_a_consultation_manager_may_manage_the_codebook_but_a_moderator_may_not(
    client, manager, moderator, demo_consultation
):
    client.force_login(manager)
    assert _post_theme(client, demo_consultation.slug, name="Staffing").status_code == 302

    client.force_login(moderator)
    assert _post_theme(client, demo_consultation.slug, name="Parking").status_code == 403
    assert list(Theme.objects.values_list("name", flat=True)) == ["Staffing"]


def test_a_sub_theme_of_a_sub_theme_is_refused(client, analyst, demo_consultation, travel):
    client.force_login(analyst)
    _post_theme(client, demo_consultation.slug, name="Buses", parent=str(travel.pk))
    buses = Theme.objects.get(name="Buses")

    page = _post_theme(client, demo_consultation.slug, name="Bus fares", parent=str(buses.pk))

    assert page.status_code == 400
    assert "Choose a theme from the list" in page.content.decode()
    with pytest.raises(services.ThemeError, match="two levels deep only"):
        services.theme_create(consultation=demo_consultation, name="Bus fares", parent=buses, actor=analyst)


def test_a_theme_with_sub_themes_cannot_become_a_sub_theme(client, analyst, demo_consultation, travel, staffing):
    services.theme_create(consultation=demo_consultation, name="Buses", parent=travel, actor=analyst)
    client.force_login(analyst)

    page = client.post(
        reverse("themes:edit", kwargs={"slug": demo_consultation.slug, "pk": travel.pk}),
        {"name": "Travel distance", "parent": str(staffing.pk)},
    )

    assert page.status_code == 400
    assert "cannot become one" in page.content.decode()
    travel.refresh_from_db()
    assert travel.parent is None


def test_two_themes_cannot_share_a_name(client, analyst, demo_consultation, travel):
    client.force_login(analyst)

    page = _post_theme(client, demo_consultation.slug, name="travel  DISTANCE")

    assert page.status_code == 400
    assert "already has a theme called" in page.content.decode()


def test_a_search_term_with_symbols_is_refused_with_a_message(client, analyst, demo_consultation):
    client.force_login(analyst)

    page = _post_theme(client, demo_consultation.slug, name="Parking", search_terms="car park\n<script>")

    assert page.status_code == 400
    assert "use letters, numbers, spaces" in page.content.decode()


def test_removing_a_theme_that_codes_responses_says_how_many_and_needs_confirmation(
    client, analyst, demo_consultation, travel
):
    for response in ResponseFactory.create_batch(3, consultation=demo_consultation):
        services.response_code(response_id=response.pk, actor=analyst, add={travel.pk})
    client.force_login(analyst)
    url = reverse("themes:remove", kwargs={"slug": demo_consultation.slug, "pk": travel.pk})

    assert "This theme codes 3 responses" in client.get(url).content.decode()
    unconfirmed = client.post(url, {"confirmed_count": "2"})
    assert unconfirmed.status_code == 409
    assert Theme.objects.filter(pk=travel.pk).exists()

    client.post(url, {"confirmed_count": "3"})

    assert not Theme.objects.filter(pk=travel.pk).exists()
    removals = CodingChange.objects.filter(action="removed")
    assert removals.count() == 3
    assert {(c.theme_code, c.theme_name) for c in removals} == {("T01", "Travel distance")}


def test_a_theme_with_sub_themes_cannot_be_removed(client, analyst, demo_consultation, travel):
    services.theme_create(consultation=demo_consultation, name="Buses", parent=travel, actor=analyst)
    client.force_login(analyst)
    url = reverse("themes:remove", kwargs={"slug": demo_consultation.slug, "pk": travel.pk})

    assert "so it cannot be removed" in client.get(url).content.decode()
    client.post(url, {"confirmed_count": "0"})

    assert Theme.objects.filter(pk=travel.pk).exists()


def test_a_removed_themes_code_is_never_given_again(demo_consultation, analyst, travel, staffing):
    services.theme_remove(theme_id=staffing.pk, actor=analyst)

    parking = services.theme_create(consultation=demo_consultation, name="Parking", actor=analyst)

    assert (travel.code, parking.code) == ("T01", "T03")
