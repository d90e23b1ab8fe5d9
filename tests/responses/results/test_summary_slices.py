"""A large consultation's results read from the summary show the numbers counting live shows.

The hand-built set is counted live, then made "large" and counted ahead; every filter the
summary answers must give the same tables, on the results page and on a centre's page.
"""

import datetime

import pytest
from django.urls import reverse

from centres.models import District
from responses.models import Response
from responses.results.slices import summary_count

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 5)


@pytest.fixture
def spread(hand_built):
    """The hand-built responses sent one a day (some on the same day), from 5 October 2026 at noon."""
    for i, response in enumerate(hand_built["made"]):
        sent = datetime.datetime(2026, 10, 5 + i // 2, 12, tzinfo=datetime.UTC)
        Response.objects.filter(pk=response.pk).update(submitted_at=sent)
    return hand_built


def tables(client, url):
    response = client.get(url)
    assert response.status_code == 200
    found = response.context["results"]
    keyed = found.tables if hasattr(found, "questions") else found.by_key
    return found, {key: table.rows for key, table in keyed.items()}


def queries(built) -> list[str]:
    norwich = built["norwich"].slug
    day = DAY + datetime.timedelta(days=2)
    return [
        "",
        "?state=",
        "?state=rejected",
        "?respondent_type=resident",
        "?kind=organisation",
        "?state=&kind=individual",
        "?channel=paper",
        f"?centre={norwich}",
        f"?state=&centre={norwich}",
        f"?district={District.NORWICH}",
        f"?district={District.BRECKLAND}",
        f"?submitted_from={day}",
        f"?submitted_to={day}",
        f"?state=&submitted_from={DAY + datetime.timedelta(days=1)}&submitted_to={day}",
        f"?submitted_from={DAY + datetime.timedelta(days=30)}",
    ]


def test_every_filter_the_summary_answers_shows_the_live_numbers(client, analyst, spread, settings):
    client.force_login(analyst)
    url = reverse("results:consultation", kwargs={"slug": spread["consultation"].slug})
    live = {query: tables(client, url + query)[1] for query in queries(spread)}
    settings.RESULTS_SUMMARY_FROM = 5  # the hand-built set counts as large
    summary_count(spread["consultation"])

    for query in queries(spread):
        found, ahead = tables(client, url + query)
        assert found.counted_at is not None, query
        assert ahead == live[query], query


def test_a_centre_page_reads_its_slice_with_the_live_numbers(client, analyst, spread, settings):
    client.force_login(analyst)
    url = reverse("results:centre", kwargs={"slug": spread["consultation"].slug, "centre": spread["norwich"].slug})
    live = {query: tables(client, url + query)[1] for query in ("", "?state=", "?state=rejected")}
    settings.RESULTS_SUMMARY_FROM = 5
    summary_count(spread["consultation"])

    for query, rows in live.items():
        found, ahead = tables(client, url + query)
        assert found.counted_at is not None
        assert ahead == rows, query
    response = client.get(url)
    assert "these were counted at" in response.content.decode()
    assert response.context["results"].total == 7


def test_two_filters_together_are_counted_live_and_the_page_says_reading_them_takes_longer(
    client, analyst, spread, settings
):
    client.force_login(analyst)
    settings.RESULTS_SUMMARY_FROM = 5
    summary_count(spread["consultation"])
    url = reverse("results:consultation", kwargs={"slug": spread["consultation"].slug})

    both = client.get(f"{url}?channel=paper&respondent_type=resident")
    one = client.get(f"{url}?channel=paper")

    assert both.context["results"].counted_at is None
    assert both.context["results"].total == 1
    assert "Two of those other filters together" in one.content.decode()
