"""Bad input and consultations that are not open: always a clear page, never a 500."""

import datetime

import pytest
from django.utils import timezone

from responses.models import Response
from tests.factories import ConsultationFactory

from .journey import ABOUT_PARISH, ANSWERS, PARISH, fill_in, send, url

pytestmark = pytest.mark.django_db


def test_a_form_opened_before_the_close_and_sent_after_it_is_refused_clearly(client, demo_consultation):
    fill_in(client, demo_consultation)
    demo_consultation.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    demo_consultation.save()

    refused = send(client, demo_consultation)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "This consultation has closed" in page
    assert "Your response was not sent" in page
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("dates", "heading"),
    [
        ({"opens_at_days": 2, "closes_at_days": 9}, "This consultation is not open yet"),
        ({"opens_at_days": -9, "closes_at_days": -2}, "This consultation has closed"),
    ],
    ids=["forthcoming", "closed"],
)
@pytest.mark.parametrize("step", ["start", "who", "about", "questions", "check"])
def test_every_page_of_the_form_refuses_a_consultation_that_is_not_open(client, dates, heading, step):
    now = timezone.now()
    consultation = ConsultationFactory(
        opens_at=now + datetime.timedelta(days=dates["opens_at_days"]),
        closes_at=now + datetime.timedelta(days=dates["closes_at_days"]),
    )

    shown = client.get(url(consultation, step))
    sent = client.post(url(consultation, step), {"respondent_type": "resident"})

    for response in (shown, sent):
        assert response.status_code == 200
        assert heading in response.content.decode()
    assert Response.objects.count() == 0


WHO_FIELDS = ["respondent_type", "website"]
ABOUT_FIELDS = [
    "organisation_name",
    "respondent_role",
    "authority_confirmed",
    "name",
    "email",
    "postcode",
    "consent",
    "website",
]
BAD_VALUES = {
    "empty": "",
    "too long": "x" * 5000,
    "wrong type": ["a", "b"],
    "null byte": "a\x00b",
    "control characters": "\x1b[31m",
    "markup": "<script>alert(1)</script>",
    "unicode": "Zoë ☕ 中文 \U0001f600",
}


@pytest.mark.parametrize("kind", BAD_VALUES)
@pytest.mark.parametrize(
    ("step", "fields", "base"),
    [
        ("who", WHO_FIELDS, PARISH),
        ("about", ABOUT_FIELDS, ABOUT_PARISH),
        ("questions", list(ANSWERS) + ["q_centres_you_use", "q_anything_else"], ANSWERS),
    ],
)
def test_no_field_left_empty_too_long_or_of_the_wrong_type_gives_a_server_error(
    client, demo_consultation, step, fields, base, kind
):
    fill_in(client, demo_consultation, who=PARISH, about=ABOUT_PARISH)

    for field in fields:
        response = client.post(url(demo_consultation, step), base | {field: BAD_VALUES[kind]})

        assert response.status_code in (200, 302), (field, response.status_code)
        if response.status_code == 200:
            assert "There is a problem" in response.content.decode(), field


def test_an_upload_where_text_is_expected_and_text_where_a_file_is_expected_are_handled(client, demo_consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fill_in(client, demo_consultation, who=PARISH, about=ABOUT_PARISH)

    as_text = client.post(url(demo_consultation, "about"), ABOUT_PARISH | {"letter": "not a file"})
    as_file = client.post(
        url(demo_consultation, "questions"), ANSWERS | {"q_impact": SimpleUploadedFile("x.txt", b"hello")}
    )

    assert as_text.status_code == 302  # a text value for a file field is simply no file
    assert as_file.status_code == 200 and "There is a problem" in as_file.content.decode()


def test_a_page_sent_out_of_order_goes_back_to_the_first_page_not_filled_in(client, demo_consultation):
    client.get(url(demo_consultation, "start"))

    early = client.post(url(demo_consultation, "check"))

    assert early.url == url(demo_consultation, "who")
    assert Response.objects.count() == 0


def test_the_form_works_when_the_session_expired_between_pages(client, demo_consultation):
    answered = client.post(url(demo_consultation, "questions"), ANSWERS)

    # The resident is told the earlier pages were lost; the answers just sent are kept.
    assert "your answers were not kept" in answered.content.decode()
    assert "We have kept your answers to the questions" in answered.content.decode()
    carry_on = client.get(url(demo_consultation, "start"))
    assert carry_on.url == url(demo_consultation, "who")
    fill_in_rest = client.post(url(demo_consultation, "who"), PARISH)
    assert fill_in_rest.url == url(demo_consultation, "about")


def test_a_post_without_the_csrf_token_is_refused(client, demo_consultation):
    fill_in(client, demo_consultation)
    client.handler.enforce_csrf_checks = True

    refused = client.post(url(demo_consultation, "check"))

    assert refused.status_code == 403
    assert Response.objects.count() == 0
