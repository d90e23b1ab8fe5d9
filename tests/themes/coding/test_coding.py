"""Officers code a response with themes on its page; every change is recorded and shown."""

from django.urls import reverse

from tests.factories import ResponseFactory
from themes import services
from themes.models import Coding, CodingChange


def _panel_post(client, response, ticked, shown=(), back=""):
    url = reverse("themes:code-response", kwargs={"slug": response.consultation.slug, "reference": response.reference})
    data = {"themes": [str(pk) for pk in ticked], "shown": ",".join(str(pk) for pk in shown), "back": back}
    return client.post(url, data)


def test_a_moderator_codes_a_response_from_its_moderation_page(client, moderator, demo_consultation, travel, staffing):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)
    page = client.get(reverse("moderation:response", kwargs={"reference": response.reference}))
    assert "Travel distance" in page.content.decode()

    done = _panel_post(client, response, [travel.pk], back="moderation")

    assert done["Location"].startswith(reverse("moderation:response", kwargs={"reference": response.reference}))
    assert list(response.codings.values_list("theme__name", flat=True)) == ["Travel distance"]
    history = client.get(done["Location"]).content.decode()
    assert "mod:</span> added T01 Travel distance" in history


def test_unticking_a_theme_removes_it_and_records_who_and_when(client, moderator, demo_consultation, travel, staffing):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)
    _panel_post(client, response, [travel.pk, staffing.pk])

    _panel_post(client, response, [staffing.pk], shown=[travel.pk, staffing.pk])

    assert list(response.codings.values_list("theme__name", flat=True)) == ["Staffing"]
    changes = list(CodingChange.objects.values_list("action", "theme_code", "actor__username"))
    assert changes == [("added", "T01", "mod"), ("added", "T02", "mod"), ("removed", "T01", "mod")]
    assert all(change.created_at for change in CodingChange.objects.all())


def test_a_theme_another_officer_added_meanwhile_stays(client, moderator, analyst, demo_consultation, travel, staffing):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)
    # The moderator's page was drawn with no themes; the analyst then added Travel distance.
    services.response_code(response_id=response.pk, actor=analyst, add={travel.pk})

    _panel_post(client, response, [staffing.pk], shown=[])

    assert set(response.codings.values_list("theme__name", flat=True)) == {"Travel distance", "Staffing"}


def test_an_analyst_codes_on_the_themes_page_of_a_response(client, analyst, demo_consultation, travel):
    response = ResponseFactory(consultation=demo_consultation, answers={"impact": "The bus takes an hour."})
    client.force_login(analyst)
    url = reverse("themes:response", kwargs={"slug": demo_consultation.slug, "reference": response.reference})
    assert "The bus takes an hour." in client.get(url).content.decode()

    _panel_post(client, response, [travel.pk])

    assert Coding.objects.filter(response=response, theme=travel).exists()


def test_a_theme_from_another_consultation_is_refused(client, moderator, demo_consultation, travel):
    response = ResponseFactory()  # another consultation
    client.force_login(moderator)

    _panel_post(client, response, [travel.pk])

    assert not Coding.objects.exists()
    assert not CodingChange.objects.exists()


def test_saving_without_a_change_records_nothing(client, moderator, demo_consultation, travel):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)
    _panel_post(client, response, [travel.pk])

    page = _panel_post(client, response, [travel.pk], shown=[travel.pk])

    assert CodingChange.objects.count() == 1
    assert "No themes changed" in client.get(page["Location"]).content.decode()


def test_an_officer_without_a_coding_role_cannot_code(client, manager, demo_consultation, travel):
    response = ResponseFactory(consultation=demo_consultation)
    client.force_login(manager)

    assert _panel_post(client, response, [travel.pk]).status_code == 403
    assert not Coding.objects.exists()
