"""The results page counts campaign responses and themes, and can leave campaign responses out."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Group, Membership
from themes import services as themes

pytestmark = pytest.mark.django_db

FEWER = "fewer than 5"


def group(consultation, code, responses):
    made = Group.objects.create(consultation=consultation, code=code, leader=responses[0])
    Membership.objects.bulk_create(
        Membership(response=response, group=made, submitted_at=response.submitted_at) for response in responses
    )
    return made


@pytest.fixture
def grouped(hand_built):
    """CAMPA: the five alike (approved), the rejected one and the withdrawn one; CAMPB: the first two."""
    made, consultation = hand_built["made"], hand_built["consultation"]
    group(consultation, "CAMPA", [*made[4:9], made[9], made[10]])
    group(consultation, "CAMPB", made[0:2])
    return hand_built


@pytest.fixture
def coded(hand_built, analyst):
    """Travel (T01) with Buses (T02) under it, and Staffing (T03), on responses of every kind."""
    made, consultation = hand_built["made"], hand_built["consultation"]
    travel = themes.theme_create(consultation=consultation, name="Travel", actor=analyst)
    buses = themes.theme_create(consultation=consultation, name="Buses", parent=travel, actor=analyst)
    staffing = themes.theme_create(consultation=consultation, name="Staffing", actor=analyst)
    for response in made[4:9]:
        themes.response_code(response_id=response.pk, actor=analyst, add={travel.pk})
    themes.response_code(response_id=made[0].pk, actor=analyst, add={travel.pk, staffing.pk})
    themes.response_code(response_id=made[1].pk, actor=analyst, add={buses.pk})
    for response in (made[2], made[9], made[10]):  # parish council, rejected, withdrawn
        themes.response_code(response_id=response.pk, actor=analyst, add={staffing.pk})
    return hand_built


def page(client, user, consultation, query=""):
    client.force_login(user)
    response = client.get(reverse("results:consultation", kwargs={"slug": consultation.slug}) + query)
    assert response.status_code == 200
    return response


def rows(response, key):
    return {row[0]: row[1:] for row in response.context["results"].tables[key].rows}


def csv(client, consultation, key, query=""):
    url = reverse("results:table", kwargs={"slug": consultation.slug, "key": key}) + query
    download = client.get(url)
    assert download["Content-Type"].startswith("text/csv")
    return download.content.decode().splitlines()


def test_the_page_counts_the_responses_in_campaign_groups(client, analyst, grouped):
    response = page(client, analyst, grouped["consultation"])

    html = response.content.decode()
    assert "Campaign responses are <strong>included</strong> in these figures." in html
    assert "7 of the 9 responses counted</strong> (78%) are in 2 campaign groups; 2 are not in a campaign." in html
    # Sizes count the responses counted: CAMPA's rejected and withdrawn members are not.
    assert response.context["results"].campaigns.largest == [("CAMPA", 5), ("CAMPB", 2)]
    assert "See every figure without campaign responses" in html


def test_leaving_campaign_responses_out_changes_every_figure(client, analyst, grouped):
    response = page(client, analyst, grouped["consultation"], "?campaign=no")

    html = response.content.decode()
    assert response.context["results"].total == 2
    assert "Campaign responses are <strong>left out</strong> of these figures." in html
    assert rows(response, "channel") == {"Online": [1, "50%"], "Paper": [0, "0%"], "Email": [1, "50%"]}
    assert rows(response, "q-proposal_agreement")["Agree"] == [1, "50%"]
    assert rows(response, "q-proposal_agreement")["Strongly disagree"] == [0, "0%"]
    # The state table too: the rejected response is in a campaign, the waiting one is not.
    assert rows(response, "state")["Rejected"] == [0, "0%"]
    assert rows(response, "state")["Waiting for a decision"] == [1, "33%"]
    assert "Count campaign responses too" in html


def test_only_campaign_responses_or_one_group(client, analyst, grouped):
    only = page(client, analyst, grouped["consultation"], "?campaign=yes")
    one = page(client, analyst, grouped["consultation"], "?campaign=CAMPB")

    assert only.context["results"].total == 7
    assert "campaign responses only" in only.content.decode()
    assert one.context["results"].total == 2
    assert rows(one, "respondent-type")["Resident"] == [1, "50%"]


def test_an_unknown_campaign_shows_a_message_not_an_error(client, analyst, grouped):
    response = page(client, analyst, grouped["consultation"], "?campaign=NOSUCH")

    assert response.context["results"] is None
    assert "Choose a campaign from the list" in response.content.decode()


def test_withdrawn_responses_are_in_no_campaign_count(client, analyst, grouped):
    response = page(client, analyst, grouped["consultation"], "?state=")

    # Every state: CAMPA's rejected member counts now, its withdrawn one never does.
    assert response.context["results"].campaigns.largest == [("CAMPA", 6), ("CAMPB", 2)]
    assert response.context["results"].campaigns.in_groups == 8


def test_a_centre_page_can_leave_campaign_responses_out(client, analyst, grouped):
    client.force_login(analyst)
    url = reverse("results:centre", kwargs={"slug": grouped["consultation"].slug, "centre": grouped["norwich"].slug})

    response = client.get(url + "?campaign=no")

    assert response.context["results"].total == 0  # the seven naming Norwich are all in campaigns
    assert "Campaign responses are <strong>left out</strong> of these figures." in response.content.decode()


def test_a_large_consultation_counts_afresh_when_campaign_responses_are_left_out(client, analyst, grouped, settings):
    from responses.results.counting import summary_count

    settings.RESULTS_SUMMARY_FROM = 5
    summary_count(grouped["consultation"])

    response = page(client, analyst, grouped["consultation"], "?campaign=no")

    assert response.context["results"].counted_at is None
    assert response.context["results"].total == 2


def test_group_codes_link_to_the_group_page_only_for_moderators(client, analyst, moderator, grouped):
    link = reverse("campaigns:group", kwargs={"code": "CAMPA"})

    assert link in page(client, moderator, grouped["consultation"]).content.decode()
    analysts_page = page(client, analyst, grouped["consultation"]).content.decode()
    assert link not in analysts_page and "CAMPA" in analysts_page


def test_every_group_downloads_as_csv(client, manager, grouped):
    client.force_login(manager)

    assert csv(client, grouped["consultation"], "campaign-groups") == [
        "Group,Responses counted,Percentage of responses counted",
        "CAMPA,5,56%",
        "CAMPB,2,22%",
    ]


def test_theme_counts_overall_with_sub_themes(client, analyst, coded):
    response = page(client, analyst, coded["consultation"])

    # Withdrawn and rejected responses coded with Staffing are not counted.
    assert rows(response, "themes") == {
        "T01 Travel": [6, "67%", 7],
        "T02 Buses (under T01)": [1, "11%", ""],
        "T03 Staffing": [2, "22%", ""],
    }
    html = response.content.decode()
    assert '<h2 class="govuk-heading-l" id="themes">Themes</h2>' in html
    assert "8 of the 9 responses counted have at least one theme." in html
    assert "T01 Travel: 6; T02 Buses (under T01): 1; T03 Staffing: 2." in html  # the chart reads its bars


def test_theme_breakdowns_hide_counts_under_five(client, analyst, coded):
    response = page(client, analyst, coded["consultation"])

    by_type = rows(response, "themes-by-type")
    assert by_type["T01 Travel"] == [6, 6, 0, 0, 0, 0, 0, 0, 0]
    assert by_type["T03 Staffing"] == [FEWER, FEWER, 0, 0, 0, FEWER, 0, 0, 0]
    by_district = rows(response, "themes-by-district")
    header = response.context["results"].tables["themes-by-district"].header
    assert by_district["T01 Travel"][header.index("Norwich") - 1] == 6
    assert by_district["T02 Buses (under T01)"][header.index("Breckland") - 1] == FEWER
    assert by_district["T03 Staffing"][header.index("No centre chosen") - 1] == FEWER


def test_theme_tables_download_as_csv_with_the_same_filters(client, manager, coded):
    client.force_login(manager)
    consultation = coded["consultation"]

    assert csv(client, consultation, "themes") == [
        "Theme,Responses,Percentage,With its sub-themes",
        "T01 Travel,6,67%,7",
        "T02 Buses (under T01),1,11%,",
        "T03 Staffing,2,22%,",
    ]
    assert "T03 Staffing,fewer than 5,fewer than 5,0,0,0,fewer than 5,0,0,0" in csv(
        client, consultation, "themes-by-type"
    )
    # Every state: the rejected response counts, the withdrawn one does not.
    assert "T03 Staffing,3,27%," in csv(client, consultation, "themes", "?state=")


def test_themes_follow_the_campaign_filter(client, analyst, coded, grouped):
    response = page(client, analyst, coded["consultation"], "?campaign=no")

    assert rows(response, "themes")["T03 Staffing"] == [1, "50%", ""]
    assert rows(response, "themes")["T01 Travel"] == [0, "0%", 0]


def test_a_consultation_without_themes_says_so(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    assert "codebook has no themes yet" in response.content.decode()
    assert "themes" not in response.context["results"].tables


def test_more_groups_and_themes_do_not_add_queries(client, analyst, coded, grouped):
    consultation, made = coded["consultation"], coded["made"]
    page(client, analyst, consultation)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as before:
        page(client, analyst, consultation)
    group(consultation, "CAMPC", [made[2], made[3]])
    for name in ("Parking", "Opening hours", "Outreach"):
        theme = themes.theme_create(consultation=consultation, name=name, actor=analyst)
        themes.response_code(response_id=made[3].pk, actor=analyst, add={theme.pk})

    with CaptureQueriesContext(connection) as after:
        page(client, analyst, consultation)

    assert len(after) == len(before)
