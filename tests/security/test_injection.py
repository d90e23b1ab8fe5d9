"""Hostile input in every form field and URL parameter gets a clear message or escaped output, never a 500.

Probes: script tags, SQL fragments, overlong strings, null bytes, invalid UTF-8 and
spreadsheet formulas, plus whatever Hypothesis makes of arbitrary text.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROBES = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE responses_response; --",
    "x" * 20_000,
    "null\x00byte",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "../../etc/passwd",
    "%00%ff",
]
MARKUP = ("<script>", "<img src=x")
HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_safe(response, sent: str = "") -> None:
    assert response.status_code < 500, f"{response.status_code} for {sent!r}"
    body = response.content.decode(errors="replace")
    for markup in MARKUP:
        if markup in sent:
            assert markup not in body, f"{markup} came back unescaped"


@pytest.mark.parametrize("field", ["q", "district", "stage", "status"])
@pytest.mark.parametrize("probe", PROBES)
def test_centres_filter_answers_hostile_values_with_a_message_or_escaped_text(client, centres, field, probe):
    response = client.get(reverse("centres:list"), {field: probe})

    assert_safe(response, probe)
    assert response.status_code == 200
    if field != "q" or len(probe) > 100 or "\x00" in probe:
        assert "govuk-error-summary" in response.content.decode()


@HYPOTHESIS
@given(value=st.text(max_size=300))
def test_centres_filter_never_fails_on_any_text(client, centres, value):
    assert_safe(client.get(reverse("centres:list"), {"q": value, "district": value, "status": value}), value)


def test_invalid_utf8_in_a_query_string_is_not_a_server_error(client, centres):
    response = client.get(reverse("centres:list") + "?q=%ff%fe%00&district=%c3%28")

    assert_safe(response)
    assert response.status_code == 200


@pytest.mark.parametrize("probe", PROBES)
def test_staff_sign_in_answers_hostile_values_with_a_message(client, db, probe):
    response = client.post(reverse("staff:login"), {"username": probe[:150] + "a", "password": probe})

    assert_safe(response, probe)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_staff_sign_in_takes_no_one_anywhere_else_after_signing_in(client, moderator):
    response = client.post(
        reverse("staff:login") + "?next=https://evil.example/",
        {"username": "mod", "password": "a-long-test-password", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")


@pytest.mark.parametrize(
    "path",
    [
        "/consultations/%3Cscript%3E/",
        "/consultations/' OR 1=1/",
        "/centres/%00/",
        "/centres/" + "a" * 5000 + "/",
        "/consultations/%ff%fe/",
    ],
)
def test_hostile_addresses_are_not_found_not_errors(client, db, path):
    response = client.get(path)

    assert_safe(response, path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/", "/consultations/", "/centres/", "/accessibility/", "/healthz"])
def test_unexpected_query_parameters_are_ignored(client, demo_consultation, path):
    response = client.get(path, {"page": "<script>alert(1)</script>", "sort": "'; DROP TABLE x; --", "x": "\x00"})

    assert_safe(response, "<script>")
    assert response.status_code == 200
