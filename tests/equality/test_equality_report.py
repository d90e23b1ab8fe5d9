"""The staff "Equality monitoring" page: totals only, with any count under 5 hidden."""

import csv
import io

import pytest
from django.urls import reverse

from equality.report import equality_report
from responses.models import State
from tests.factories import ResponseFactory

from .helpers import answered

pytestmark = pytest.mark.django_db


def report_url(consultation) -> str:
    return reverse("equality:report", kwargs={"slug": consultation.slug})


def cells(report, question_start: str) -> dict[str, tuple[str, str]]:
    item = next(item for item in report["questions"] if item.question.startswith(question_start))
    return {cell.label: (cell.shown, cell.percent) for cell in item.cells}


def test_counts_under_five_are_shown_as_fewer_than_5_without_a_percentage(equality_consultation):
    answered(equality_consultation, 12, sex="female")
    answered(equality_consultation, 6, sex="male")
    answered(equality_consultation, 2, sex="prefer_not")

    sex = cells(equality_report(equality_consultation), "What is your sex")

    assert sex["Female"] == ("12", "60%") and sex["Male"] == ("6", "30%")
    assert sex["Prefer not to say"] == ("fewer than 5", "")
    assert sex["Not answered"] == ("fewer than 5", "")  # none at all is under 5 too


def test_a_single_small_count_is_protected_by_hiding_the_next_smallest(equality_consultation):
    answered(equality_consultation, 12, sex="female")
    answered(equality_consultation, 6, sex="male")
    answered(equality_consultation, 7, sex="prefer_not")
    answered(equality_consultation, 1, age_band="25_34")  # did not answer the question on sex

    sex = cells(equality_report(equality_consultation), "What is your sex")

    # With the total shown, the one small count would be the total less the others: so 6 is hidden too.
    assert sex["Not answered"] == ("fewer than 5", "")
    assert sex["Male"] == ("not shown", "")
    assert sex["Female"] == ("12", "46%") and sex["Prefer not to say"] == ("7", "27%")


def test_ethnicity_is_reported_by_the_five_census_groups(equality_consultation):
    answered(equality_consultation, 3, ethnicity="white_british")
    answered(equality_consultation, 3, ethnicity="white_roma")
    answered(equality_consultation, 5, ethnicity="asian_indian")

    ethnicity = cells(equality_report(equality_consultation), "What is your ethnic group")

    assert ethnicity["White"][0] == "6" and ethnicity["Asian or Asian British"][0] == "5"
    assert "White: Roma" not in ethnicity


def test_fewer_than_five_answers_show_no_tables_at_all(client, equality_consultation, analyst):
    answered(equality_consultation, 4, sex="female")
    ResponseFactory.create_batch(10, consultation=equality_consultation)
    client.force_login(analyst)

    page = client.get(report_url(equality_consultation)).content.decode()

    assert "Fewer than 5 people have answered" in page
    assert "Female" not in page
    assert "not shown" in page  # the number who skipped would give away the number who answered


def test_rejected_responses_are_not_counted(equality_consultation):
    answered(equality_consultation, 5, sex="female")
    for item in answered(equality_consultation, 3, sex="female"):
        item.response.state = State.REJECTED
        item.response.save()

    assert cells(equality_report(equality_consultation), "What is your sex")["Female"][0] == "5"


def test_the_report_page_shows_totals_to_an_analyst_without_the_download(client, equality_consultation, analyst):
    answered(equality_consultation, 7, age_band="35_44")
    client.force_login(analyst)

    page = client.get(report_url(equality_consultation))
    download = client.get(reverse("equality:download", kwargs={"slug": equality_consultation.slug}))

    text = page.content.decode()
    assert page.status_code == 200 and "35 to 44" in text and "fewer than 5" in text
    assert "Download each person" not in text
    assert download.status_code == 403


def test_a_moderator_without_export_rights_cannot_see_the_report(client, equality_consultation, moderator):
    client.force_login(moderator)

    assert client.get(report_url(equality_consultation)).status_code == 403
    assert client.get(reverse("equality:list")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, equality_consultation):
    page = client.get(report_url(equality_consultation))

    assert page.status_code == 302 and reverse("staff:login") in page.url


def test_a_senior_moderator_downloads_each_persons_answers(client, equality_consultation, senior):
    item = answered(equality_consultation, 1, age_band="75_over", religion="jewish")[0]
    client.force_login(senior)

    page = client.get(report_url(equality_consultation)).content.decode()
    download = client.get(reverse("equality:download", kwargs={"slug": equality_consultation.slug}))

    assert "Download each person" in page
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["reference", "moderation_state", "age_band"]
    assert rows[1][0] == item.response.reference and "75 or over" in rows[1] and "Jewish" in rows[1]


def test_the_staff_list_names_consultations_that_ask_the_questions(client, equality_consultation, analyst):
    client.force_login(analyst)

    home = client.get(reverse("staff:home")).content.decode()
    listed = client.get(reverse("equality:list")).content.decode()

    assert reverse("equality:list") in home
    assert "Future of children" in listed and reverse("equality:report", args=[equality_consultation.slug]) in listed
