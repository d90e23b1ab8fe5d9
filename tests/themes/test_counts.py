"""Theme counts per consultation: overall, by respondent type and by district, for the staff page and results."""

from django.urls import reverse

from centres.models import Centre
from responses.models import RespondentType, State
from tests.factories import ResponseFactory
from themes import services


def _coded(consultation, actor, themes, **fields):
    response = ResponseFactory(consultation=consultation, **fields)
    services.response_code(response_id=response.pk, actor=actor, add={t.pk for t in themes})
    return response


def test_counts_by_theme_and_respondent_type(demo_consultation, analyst, travel, staffing):
    buses = services.theme_create(consultation=demo_consultation, name="Buses", parent=travel, actor=analyst)
    _coded(demo_consultation, analyst, [travel], respondent_type=RespondentType.RESIDENT)
    _coded(demo_consultation, analyst, [travel, buses], respondent_type=RespondentType.PARENT_CARER)
    _coded(demo_consultation, analyst, [buses], respondent_type=RespondentType.PARENT_CARER)
    _coded(demo_consultation, analyst, [staffing], respondent_type=RespondentType.PARISH_COUNCIL)
    ResponseFactory(consultation=demo_consultation)  # not coded

    counts = services.theme_counts(demo_consultation)

    assert [row.theme.name for row in counts.rows] == ["Travel distance", "Buses", "Staffing"]
    travel_row, buses_row, staffing_row = counts.rows
    assert (travel_row.total, travel_row.with_subthemes) == (2, 3)
    assert travel_row.by_type == {"resident": 1, "parent_carer": 1}
    assert buses_row.total == 2
    assert staffing_row.by_type == {"parish_council": 1}
    assert counts.coded == 4


def test_counts_can_be_narrowed_to_some_responses(demo_consultation, analyst, travel):
    _coded(demo_consultation, analyst, [travel], state=State.APPROVED)
    _coded(demo_consultation, analyst, [travel], state=State.REJECTED)

    approved = demo_consultation.responses.filter(state=State.APPROVED)

    assert services.theme_counts(demo_consultation, approved).for_theme(travel.pk).total == 1


def test_counts_by_district_of_the_centres_chosen(demo_consultation, analyst, travel):
    norwich = Centre.objects.filter(district="Norwich").first()
    breckland = Centre.objects.filter(district="Breckland").first()
    _coded(demo_consultation, analyst, [travel], centres=[norwich, breckland])
    _coded(demo_consultation, analyst, [travel], centres=[norwich])
    _coded(demo_consultation, analyst, [travel])

    row = services.theme_counts(demo_consultation).for_theme(travel.pk)

    assert row.by_district == {"Norwich": 2, "Breckland": 1, "": 1}


def test_the_counts_page_shows_each_theme_with_its_figures(client, moderator, demo_consultation, analyst, travel):
    _coded(demo_consultation, analyst, [travel], respondent_type=RespondentType.RESIDENT)
    client.force_login(moderator)

    page = client.get(reverse("themes:counts", kwargs={"slug": demo_consultation.slug})).content.decode()

    assert "1 of 1 response has at least one theme" in page
    assert "T01 Travel distance" in page


def test_counts_take_a_fixed_number_of_queries(demo_consultation, analyst, travel, staffing, django_assert_num_queries):
    for _ in range(5):
        _coded(demo_consultation, analyst, [travel, staffing])

    with django_assert_num_queries(5):
        services.theme_counts(demo_consultation)
