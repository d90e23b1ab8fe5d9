"""The results page counts a hand-built set of responses exactly, and hides small numbers."""

import pytest
from django.urls import reverse

from centres.models import District

pytestmark = pytest.mark.django_db


def page(client, user, consultation, query=""):
    client.force_login(user)
    response = client.get(reverse("results:consultation", kwargs={"slug": consultation.slug}) + query)
    assert response.status_code == 200
    return response


def table(response, key):
    return response.context["results"].tables[key]


def rows(response, key):
    return {row[0]: row[1:] for row in table(response, key).rows}


def test_the_page_says_it_counts_approved_responses_only_by_default(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    assert "approved responses only" in response.content.decode()
    assert response.context["results"].total == 9


def test_totals_by_state_channel_type_and_organisation(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    assert rows(response, "state")["Approved"] == [9, "82%"]
    assert rows(response, "state")["Rejected"] == [1, "9%"]
    assert rows(response, "state")["Waiting for a decision"] == [1, "9%"]
    assert rows(response, "channel") == {"Online": [7, "78%"], "Paper": [1, "11%"], "Email": [1, "11%"]}
    assert rows(response, "respondent-type")["Parent or carer"] == [7, "78%"]
    assert rows(response, "respondent-type")["Parish or town council"] == [1, "11%"]
    assert rows(response, "organisation") == {"Organisations": [1, "11%"], "Individuals": [8, "89%"]}


def test_agreement_counts_percentages_and_net_agreement(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    agreement = rows(response, "q-proposal_agreement")
    assert agreement["Strongly disagree"] == [6, "67%"]
    assert agreement["Disagree"] == [1, "11%"]
    assert agreement["Agree"] == [1, "11%"]
    assert agreement["Strongly agree"] == [0, "0%"]
    assert agreement["No answer"] == [1, "11%"]
    # (1 agree - 7 disagree) of the 8 who answered.
    assert response.context["results"].questions[0].net == "−75 points"
    assert "Net agreement: <strong>−75 points</strong>" in response.content.decode()


def test_choices_and_centres_chosen(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    services = rows(response, "q-services_used")
    assert services["Stay and play sessions"] == [2, "22%"]
    assert services["Parenting courses"] == [1, "11%"]
    assert services["No answer"] == [7, "78%"]
    assert rows(response, "q-visit_frequency")["Every week"] == [1, "11%"]
    centres = rows(response, "centres")
    assert centres[hand_built["norwich"].name][1] == 7
    assert centres[hand_built["breckland"].name][1] == 1
    assert rows(response, "q-impact")["Answered in words"] == [3, "33%"]


def test_breakdowns_hide_counts_under_five(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    by_district = rows(response, "q-proposal_agreement-by-district")
    # Norwich: 7 responses named a Norwich centre, 6 strongly disagree and 1 disagrees.
    assert by_district["Norwich"][:5] == [7, 0, 0, 0, "fewer than 5"]
    assert by_district["Norwich"][5] == 6
    assert by_district["Breckland"][0] == "fewer than 5"
    assert by_district["No centre chosen"][0] == "fewer than 5"
    by_type = rows(response, "q-proposal_agreement-by-type")
    assert by_type["Parent or carer"][0] == 7
    assert by_type["Parish or town council"] == ["fewer than 5", 0, "fewer than 5", 0, 0, 0, 0, 0, ""]
    assert "fewer than 5" in response.content.decode()


def test_the_page_says_postcodes_are_not_placed_in_districts(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    assert "no table of postcodes and their districts" in response.content.decode()


def test_filters_are_shared_with_the_queue(client, moderator, hand_built):
    response = page(client, moderator, hand_built["consultation"], "?state=&channel=online")

    assert response.context["results"].total == 9  # 7 approved, 1 rejected, 1 waiting, all online
    assert "responses in every state" in response.content.decode()


def test_bad_filters_show_a_message_not_an_error(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"], "?state=lost&submitted_from=2018-02-31")

    assert response.context["results"] is None
    assert "Choose a state from the list" in response.content.decode()


def test_each_table_downloads_as_csv_with_the_same_numbers(client, manager, hand_built):
    client.force_login(manager)
    url = reverse("results:table", kwargs={"slug": hand_built["consultation"].slug, "key": "channel"})

    download = client.get(url)

    assert download["Content-Type"].startswith("text/csv")
    assert download.content.decode().splitlines() == [
        "Channel,Responses,Percentage",
        "Online,7,78%",
        "Paper,1,11%",
        "Email,1,11%",
    ]
    assert client.get(url.replace("channel", "no-such-table")).status_code == 404


def test_each_chart_is_an_image_with_a_title_and_its_numbers(client, analyst, hand_built):
    html = page(client, analyst, hand_built["consultation"]).content.decode()

    assert '<svg class="results-chart"' in html and 'role="img"' in html
    assert '<title id="chart-channel-title">Bar chart: Responses by how they were sent</title>' in html
    assert "Online: 7; Paper: 1; Email: 1." in html
    assert "style=" not in html
    assert "Download this table as CSV" in html


def test_a_centre_page_shows_its_responses_agreement_and_organisations(client, analyst, hand_built):
    client.force_login(analyst)
    norwich = hand_built["norwich"]
    url = reverse("results:centre", kwargs={"slug": hand_built["consultation"].slug, "centre": norwich.slug})

    response = client.get(url)

    found = response.context["results"]
    assert found.total == 7
    assert found.organisations == "0%"
    assert {row[0]: row[1] for row in found.by_key["q-proposal_agreement"].rows}["Disagree"] == "fewer than 5"
    assert {row[0]: row[1] for row in found.by_key["q-proposal_agreement"].rows}["Strongly disagree"] == 6
    assert found.nets["proposal_agreement"] == "−100 points"


def test_officers_without_a_results_role_are_refused(client, staff_without_role, hand_built):
    client.force_login(staff_without_role)

    url = reverse("results:consultation", kwargs={"slug": hand_built["consultation"].slug})

    assert client.get(url).status_code == 403


def test_a_large_consultation_reads_the_summary_counted_ahead_with_the_same_numbers(
    client, analyst, hand_built, settings
):
    from responses.results.counting import summary_count

    live = page(client, analyst, hand_built["consultation"], "?channel=online").context["results"]
    settings.RESULTS_SUMMARY_FROM = 5  # the hand-built set counts as large
    summary_count(hand_built["consultation"])

    response = page(client, analyst, hand_built["consultation"], "?channel=online")

    summary = response.context["results"]
    assert summary.counted_at is not None
    assert "these were counted at" in response.content.decode()
    assert {key: table.rows for key, table in summary.tables.items()} == {
        key: table.rows for key, table in live.tables.items()
    }


def test_a_filter_the_summary_cannot_answer_is_counted_afresh(client, analyst, hand_built, settings):
    settings.RESULTS_SUMMARY_FROM = 5
    norwich = hand_built["norwich"]

    response = page(client, analyst, hand_built["consultation"], f"?centre={norwich.slug}&channel=online")

    assert response.context["results"].counted_at is None
    assert response.context["results"].total == 6


def test_beat_counts_the_summaries_of_large_consultations(hand_built, settings):
    from responses.models import ResultsSlice
    from responses.results.tally import Counts, from_json
    from responses.results.tasks import refresh_results_summaries

    settings.RESULTS_SUMMARY_FROM = 5

    assert refresh_results_summaries() == 1
    every = ResultsSlice.objects.get(consultation=hand_built["consultation"], state="", key="")
    assert Counts(from_json(every.sums)).total == 11


def test_the_centres_question_is_broken_down_by_respondent_type_and_district(client, analyst, hand_built):
    response = page(client, analyst, hand_built["consultation"])

    by_type = rows(response, "q-centres_you_use-by-type")
    assert by_type[hand_built["norwich"].name][:3] == [7, 6, "fewer than 5"]  # 6 parents, 1 resident
    assert rows(response, "q-centres_you_use-by-district") == {
        label: [7 if value == District.NORWICH else "fewer than 5" if value == District.BRECKLAND else 0]
        for value, label in District.choices
    }


def test_a_large_consultation_without_a_summary_is_counted_in_the_background(
    client, analyst, hand_built, settings, monkeypatch
):
    from responses.results import views

    asked = []
    monkeypatch.setattr(views, "summary_enqueue", lambda *, consultation_id: asked.append(consultation_id))
    settings.RESULTS_SUMMARY_FROM = 5

    response = page(client, analyst, hand_built["consultation"])

    assert asked == [hand_built["consultation"].pk]
    assert response.context["results"] is None
    assert "They are being counted now: refresh this page in a few minutes." in response.content.decode()
