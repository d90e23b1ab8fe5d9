"""Hostile input to the data-request search, the log filters and the respondent's link: a message, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import ResponseFactory
from tests.security.test_injection import PROBES, assert_safe

# Markup, SQL, an overlong string, a null byte and a formula: each kind once keeps the test quick.
FEW = [PROBES[0], PROBES[2], PROBES[4], PROBES[5], PROBES[6]]


@pytest.mark.parametrize("field", ["q"])
def test_the_data_request_search_answers_hostile_values_with_a_message(client, senior, field):
    client.force_login(senior)
    for probe in PROBES:
        page = client.get(reverse("data_requests:find"), {field: probe})

        assert_safe(page, probe)
        assert "govuk-error-summary" in page.content.decode(), probe
        assert_safe(client.post(reverse("data_requests:erase"), {"q": probe, "reason": probe}), probe)
        assert_safe(client.get(reverse("data_requests:download"), {"q": probe}), probe)


@pytest.mark.parametrize("name", ["logs:decisions", "logs:downloads"])
def test_the_log_filters_answer_hostile_values_with_a_message(client, senior, name):
    client.force_login(senior)
    for probe in FEW:
        for field in ("start", "end", "officer", "consultation", "kind", "page"):
            page = client.get(reverse(name), {field: probe})

            assert_safe(page, probe)
            if field != "page" and not (field == "kind" and name == "logs:downloads"):
                # The CSV of a bad filter is the page with its message, not a file.
                assert "govuk-error-summary" in page.content.decode(), (field, probe)
                assert client.get(reverse(name), {field: probe, "format": "csv"}).status_code == 400


def test_hostile_links_say_the_link_does_not_work(client, db):
    response = ResponseFactory()
    for probe in PROBES:
        if "/" in probe or "\x00" in probe:
            continue
        page = client.get(f"/consultations/{response.consultation.slug}/your-response/{probe}/")

        assert_safe(page, probe)
        assert page.status_code == 404
