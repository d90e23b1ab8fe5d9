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
def test_centres_filter_answers_hostile_values_with_a_message_or_escaped_text(client, centres, field):
    for probe in PROBES:
        response = client.get(reverse("centres:list"), {field: probe})

        assert_safe(response, probe)
        assert response.status_code == 200
        if field != "q" or len(probe) > 100 or "\x00" in probe:
            assert "govuk-error-summary" in response.content.decode(), probe


@HYPOTHESIS
@given(value=st.text(max_size=300))
def test_centres_filter_never_fails_on_any_text(client, centres, value):
    assert_safe(client.get(reverse("centres:list"), {"q": value, "district": value, "status": value}), value)


def test_invalid_utf8_in_a_query_string_is_not_a_server_error(client, centres):
    response = client.get(reverse("centres:list") + "?q=%ff%fe%00&district=%c3%28")

    assert_safe(response)
    assert response.status_code == 200


def test_staff_sign_in_answers_hostile_values_with_a_message(client, db):
    for probe in PROBES:
        response = client.post(reverse("staff:login"), {"username": probe[:150] + "a", "password": probe})

        assert_safe(response, probe)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode(), probe


def test_staff_sign_in_takes_no_one_anywhere_else_after_signing_in(client, moderator):
    response = client.post(
        reverse("staff:login") + "?next=https://evil.example/",
        {"username": "mod", "password": "a-long-test-password", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:enrol") + "?next=%2Fstaff%2F"  # then the code, then home


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


# The response journey: every field of every step.
ABOUT_FIELDS = ["name", "email", "postcode", "organisation_name", "respondent_role"]
QUESTION_FIELDS = [
    "q_proposal_agreement",
    "q_centres_you_use",
    "q_services_used",
    "q_visit_frequency",
    "q_impact",
    "q_anything_else",
]
GOOD_ABOUT = {
    "organisation_name": "Little Snoring Parish Council",
    "respondent_role": "Clerk",
    "authority_confirmed": "on",
    "consent": "anonymous",
}
GOOD_ANSWERS = {"q_proposal_agreement": "agree", "q_impact": "We would lose our group."}


def _step(consultation, step: str) -> str:
    return reverse(f"responses:{step}", kwargs={"slug": consultation.slug})


def _to_about(client, consultation) -> None:
    client.get(reverse("responses:start", kwargs={"slug": consultation.slug}))
    client.post(_step(consultation, "who"), {"respondent_type": "parish_council"})


@pytest.mark.parametrize("field", ["respondent_type", "website"])
def test_who_step_answers_hostile_values_safely(client, demo_consultation, field):
    client.get(reverse("responses:start", kwargs={"slug": demo_consultation.slug}))

    for probe in PROBES:
        response = client.post(_step(demo_consultation, "who"), {"respondent_type": "resident", field: probe})

        assert_safe(response, probe)


@pytest.mark.parametrize("field", ABOUT_FIELDS)
def test_about_step_answers_hostile_values_with_a_message_or_escaped_text(client, demo_consultation, field):
    for probe in PROBES:
        _to_about(client, demo_consultation)

        response = client.post(_step(demo_consultation, "about"), GOOD_ABOUT | {field: probe})

        assert_safe(response, probe)
        if response.status_code == 302:  # accepted: it must come back escaped on the check page
            client.post(_step(demo_consultation, "questions"), GOOD_ANSWERS)
            assert_safe(client.get(_step(demo_consultation, "check")), probe)
        else:
            assert "govuk-error-summary" in response.content.decode(), probe


@pytest.mark.parametrize("field", QUESTION_FIELDS)
def test_question_step_answers_hostile_values_with_a_message_or_escaped_text(client, demo_consultation, field):
    for probe in PROBES:
        _to_about(client, demo_consultation)
        client.post(_step(demo_consultation, "about"), GOOD_ABOUT)

        response = client.post(_step(demo_consultation, "questions"), GOOD_ANSWERS | {field: probe})

        assert_safe(response, probe)
        if response.status_code == 302:
            assert_safe(client.get(_step(demo_consultation, "check")), probe)
            sent = client.post(_step(demo_consultation, "check"), follow=True)
            assert_safe(sent, probe)
            assert "Response sent" in sent.content.decode(), probe
        else:
            assert "govuk-error-summary" in response.content.decode(), probe


@HYPOTHESIS
@given(text=st.text(max_size=2500))
def test_any_free_text_answer_is_refused_with_a_message_or_stored_as_sent(client, demo_consultation, text):
    _to_about(client, demo_consultation)
    client.post(_step(demo_consultation, "about"), GOOD_ABOUT)

    response = client.post(_step(demo_consultation, "questions"), GOOD_ANSWERS | {"q_anything_else": text})

    assert_safe(response, text)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.pdf", b"\xff\xfe\x00\x81 not utf-8 and not a pdf"),
        ("<script>alert(1)</script>.pdf", b"\xc3\x28\xa0\xa1"),
        ("=cmd|' /C calc'!A0.docx", b"PK\x03\x04 broken zip"),
        ("letter.pdf", b""),
    ],
)
def test_a_letter_that_is_not_a_pdf_or_word_file_gets_a_clear_message(client, demo_consultation, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _to_about(client, demo_consultation)

    response = client.post(
        _step(demo_consultation, "about"),
        GOOD_ABOUT | {"letter": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )

    assert_safe(response, name)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_letter_with_a_hostile_file_name_is_shown_escaped(client, demo_consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _to_about(client, demo_consultation)
    letter = SimpleUploadedFile("<img src=x onerror=alert(1)>.pdf", b"%PDF-1.4\n%%EOF\n", content_type="text/html")

    client.post(_step(demo_consultation, "about"), GOOD_ABOUT | {"letter": letter})
    client.post(_step(demo_consultation, "questions"), GOOD_ANSWERS)
    response = client.get(_step(demo_consultation, "check"))

    assert_safe(response, "<img src=x")
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in response.content.decode()


# Staff pages, with the inputs that once gave 500s: an overlong user name, a NUL in a
# reference, the last day a date can hold.
@pytest.mark.parametrize("url", ["staff:login", "admin:login"])
def test_both_sign_in_pages_answer_hostile_user_names_with_the_form_again(client, db, url):
    for probe in [*PROBES, "a" * 256, "é" * 300]:
        response = client.post(reverse(url), {"username": probe, "password": "wrong-password"}, follow=True)

        assert_safe(response, probe)
        assert response.status_code == 200, probe  # the admin's sign-in hands over to the staff one


@pytest.mark.parametrize("reference", ["%00", "NCC-%00", "%00%ff", "a" * 300])
def test_hostile_response_references_are_not_found_not_errors(client, moderator, reference):
    client.force_login(moderator)

    for tail in ["", "decide/", "verify/", "redact/", "attachment/", "redactions/1/remove/"]:
        response = client.get(f"/staff/moderation/responses/{reference}/{tail}")

        assert_safe(response, reference)
        assert response.status_code in (404, 405), tail  # 405: a real-looking reference on a POST-only page


def test_the_last_day_a_date_can_hold_gets_a_clear_message_on_every_page(client, senior, demo_consultation):
    client.force_login(senior)
    queue = reverse("moderation:queue", kwargs={"slug": demo_consultation.slug})
    published = reverse("published:list", kwargs={"slug": demo_consultation.slug})
    last_day = {"submitted_to_0": "31", "submitted_to_1": "12", "submitted_to_2": "9999"}

    for values in ({"submitted_to": "9999-12-31"}, {"submitted_from": "9999-12-31"}, {"submitted_to": "0001-01-01"}):
        for page in (client.get(queue, values), client.get(published, values)):
            assert_safe(page)
            assert page.status_code == 200
    assert "Enter a year between" in client.get(queue, {"submitted_to": "9999-12-31"}).content.decode()
    export = client.post(reverse("exports:create"), {"consultation": demo_consultation.slug, **last_day})
    assert_safe(export)
    assert "Enter a year between" in export.content.decode()


# Every filter of the staff queue, the published page and the export form, with the
# probes and the values that once overflowed a date.
ODD_VALUES = [*PROBES, "9999-12-31", "0001-01-01", "99999-01-01", "-1"]
QUEUE_PARAMETERS = [
    "q",
    "state",
    "respondent_type",
    "kind",
    "channel",
    "centre",
    "attachment",
    "submitted_from",
    "submitted_to",
    "sort",
    "after",
    "before",
]


@pytest.mark.parametrize("parameter", QUEUE_PARAMETERS)
def test_every_queue_filter_answers_odd_values_without_a_server_error(client, moderator, demo_consultation, parameter):
    client.force_login(moderator)
    queue = reverse("moderation:queue", kwargs={"slug": demo_consultation.slug})

    for value in ODD_VALUES:
        assert_safe(client.get(queue, {parameter: value}), value)


def test_the_published_page_and_the_export_form_answer_odd_values_without_a_server_error(
    client, senior, demo_consultation
):
    client.force_login(senior)
    published = reverse("published:list", kwargs={"slug": demo_consultation.slug})
    # One choice, and the day and year of each date (the month is checked the same way as the day).
    export_fields = [
        "consultation",
        "state",
        "submitted_from_0",
        "submitted_from_2",
        "submitted_to_0",
        "submitted_to_2",
    ]

    for value in ODD_VALUES:
        for parameter in ("respondent_type", "centre", "page"):
            assert_safe(client.get(published, {parameter: value}), value)
        for field in export_fields:
            data = {"consultation": demo_consultation.slug, field: value}
            assert_safe(client.post(reverse("exports:create"), data), value)
