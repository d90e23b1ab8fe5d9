import pytest
from django.urls import reverse
from django.utils.html import escape

from centres.models import Centre, CentreStatus, District, Stage, Status
from tests.factories import CentreFactory

LIST = reverse("centres:list")


def names(response) -> set[str]:
    return {centre.name for centre in response.context["centres"]}


def test_list_groups_every_centre_under_its_district(client, centres):
    response = client.get(LIST)

    html = response.content.decode()
    assert names(response) == set(centres.values_list("name", flat=True))
    positions = [html.index(f">{escape(district.label)}</caption>") for district in District]
    assert positions == sorted(positions)


def test_list_filters_by_district(client, centres):
    response = client.get(LIST, {"district": District.GREAT_YARMOUTH})

    assert names(response) == set(centres.filter(district=District.GREAT_YARMOUTH).values_list("name", flat=True))
    assert f">{District.NORWICH.label}</caption>" not in response.content.decode()


def test_list_filters_by_status_at_the_chosen_stage(client, centres):
    response = client.get(LIST, {"stage": "sept-2018", "status": Status.BASE})

    bases = CentreStatus.objects.filter(stage__slug="sept-2018", status=Status.BASE)
    assert names(response) == set(bases.values_list("centre__name", flat=True))
    assert len(names(response)) == 7
    assert "Kept as a base" in response.content.decode()


def test_list_finds_centres_whose_status_is_not_known(client, centres):
    response = client.get(LIST, {"stage": "sept-2018", "status": "unknown"})

    assert names(response) == {"North Walsham Children's Centre"}


def test_search_finds_centres_by_town_ignoring_case(client, centres):
    response = client.get(LIST, {"q": "  thetFORD "})

    assert names(response) == {"Kingsway Children's Centre", "Drake Children's Centre"}


def test_search_finds_centres_by_part_of_the_name(client, centres):
    response = client.get(LIST, {"q": "Seagull"})

    assert names(response) == {"Seagulls Children's Centre"}
    assert "1 centre match" in response.content.decode()


def test_search_with_no_match_says_so(client, centres):
    response = client.get(LIST, {"q": "Ipswich"})

    assert "No centres match" in response.content.decode()


def test_list_shows_not_known_for_an_empty_town_and_an_unknown_status(client, centres):
    response = client.get(LIST, {"district": District.GREAT_YARMOUTH})

    html = response.content.decode()
    assert 'Village Green Children&#x27;s Centre</a><br><span class="govuk-body-s">Town: Not known' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not known</strong>' in html


def test_list_shows_figures_counted_from_the_register_beside_the_announced_ones(client, centres):
    response = client.get(LIST, {"stage": "sept-2018"})

    figures = response.context["figures"]
    september = CentreStatus.objects.filter(stage__slug="sept-2018")
    assert figures.total == centres.count()
    assert figures.kept == september.filter(status__in=[Status.BASE, Status.HUB]).count()
    assert figures.close == september.filter(status=Status.CLOSE).count()
    assert figures.not_known == centres.count() - september.count()
    html = response.content.decode()
    assert f"fewer centres than the proposal names: {centres.count()} of 53" in html
    assert f"do not name the other {53 - centres.count()}" in html


def test_list_does_not_say_fewer_when_the_register_is_complete(client, db):
    stage = Stage.objects.get(slug="final")
    for _ in range(3):
        CentreStatus.objects.create(centre=CentreFactory(), stage=stage, status=Status.CLOSE)
    Stage.objects.filter(pk=stage.pk).update(announced_total=3, announced_kept=0, announced_closed=3)

    response = client.get(LIST, {"stage": "final"})

    assert response.context["figures"].missing == 0
    assert "fewer centres than the proposal names" not in response.content.decode()


def test_list_shows_the_latest_stage_when_none_is_chosen(client, centres):
    response = client.get(LIST)

    assert response.context["stage"] == Stage.objects.order_by("order").last()
    assert "Statuses are from the Final decision." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"district": "Suffolk"}, "Choose a district from the list"),
        ({"status": "demolished"}, "Choose a status from the list"),
        ({"stage": "2030"}, "Choose a stage of the proposal from the list"),
        ({"q": "x" * 101}, "Search must be 100 characters or fewer"),
    ],
)
def test_a_bad_filter_value_gets_a_message_and_the_whole_register(client, centres, params, message):
    response = client.get(LIST, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    assert len(response.context["centres"]) == centres.count()


def test_list_takes_three_queries_whatever_the_filters(client, centres, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get(LIST, {"stage": "jan-2019", "district": District.NORWICH, "status": Status.CLOSE, "q": "a"})


def test_detail_shows_every_stage_with_not_known_where_the_record_is_silent(client, centres):
    centre = Centre.objects.get(name="Attleborough Children's Centre")
    CentreStatus.objects.filter(centre=centre, stage__slug="jan-2019").delete()

    response = client.get(centre.get_absolute_url())

    history = [(stage.slug, status.status if status else None) for stage, status in response.context["history"]]
    assert history == [("sept-2018", Status.BASE), ("jan-2019", None), ("final", Status.CLOSE)]
    html = response.content.decode()
    assert "Kept as a base" in html
    assert "To close" in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not known</strong>' in html


def test_detail_shows_not_known_for_empty_facts(client, centres):
    centre = Centre.objects.get(name="Village Green Children's Centre")

    html = client.get(centre.get_absolute_url()).content.decode()

    assert 'Town</dt><dd class="govuk-summary-list__value">Not known' in html
    assert 'Postcode</dt><dd class="govuk-summary-list__value">Not known' in html
    assert 'Location</dt><dd class="govuk-summary-list__value">Not known' in html


def test_detail_shows_the_note_as_a_caveat_and_sources_as_links(client, centres):
    centre = Centre.objects.get(name="North Walsham Children's Centre")

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "A note on the public record: called Poppyland" in html
    assert '<a class="govuk-link" href="https://www.geonames.org/"' in html
    assert "(cities1000 settlement point; town-level only)" in html


def test_detail_escapes_sources_and_never_links_other_schemes(client, db):
    centre = CentreFactory(
        note="<b>unconfirmed</b>",
        sources="javascript:alert(1) click me\nhttps://example.org/?a=1&b=<script> (a <i>remark</i>)",
    )

    html = client.get(centre.get_absolute_url()).content.decode()

    assert 'href="javascript' not in html
    assert "javascript:alert(1) click me" in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;script&gt;"' in html
    assert "(a &lt;i&gt;remark&lt;/i&gt;)" in html
    assert "&lt;b&gt;unconfirmed&lt;/b&gt;" in html


def test_detail_takes_three_queries(client, centres, django_assert_num_queries):
    centre = centres.get(name="Thorpe Hamlet Children's Centre")

    with django_assert_num_queries(3):
        client.get(centre.get_absolute_url())


def test_an_unknown_centre_is_not_found(client, centres):
    response = client.get(reverse("centres:detail", kwargs={"slug": "no-such-centre"}))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
