"""Senior officers see every change to a consultation, its questions and documents: who, when, what."""

import csv
import io
import re

import pytest
from django.urls import reverse

from consultation.builder.questions import question_add
from consultation.builder.services import consultation_update
from consultation.models import QuestionKind

CHANGES = reverse("logs:changes")

pytestmark = pytest.mark.django_db


def table_text(page) -> str:
    body = re.search(r"<tbody.*?</tbody>", page.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body.group(0) if body else "").split())


@pytest.fixture
def edited(demo_consultation, manager):
    """The manager renames the demo and adds a question."""
    consultation_update(consultation=demo_consultation, by=manager, title="Children's centres: have your say")
    question_add(
        consultation=demo_consultation, by=manager, kind=QuestionKind.FREE_TEXT, text="Anything about transport?"
    )
    return demo_consultation


def test_the_change_history_lists_who_changed_what_newest_first(client, senior, manager, edited):
    client.force_login(senior)

    page = client.get(CHANGES)

    assert page.status_code == 200
    rows = table_text(page)
    assert rows.index("Question: Anything about transport?") < rows.index("Details")  # newest first
    assert f"{manager.username} {edited.slug} Details Changed title" in rows
    assert f"{manager.username} {edited.slug} Question: Anything about transport? Created" in rows


def test_the_change_history_filters_by_officer_and_downloads_as_csv(client, senior, manager, edited):
    client.force_login(senior)

    by_system = client.get(CHANGES, {"officer": senior.username})
    download = client.get(CHANGES, {"officer": manager.username, "format": "csv"})

    assert "Anything about transport" not in table_text(by_system)
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["when", "officer", "consultation", "what", "change", "fields changed"]
    assert {row[3] for row in rows[1:]} == {"Question: Anything about transport?", "Details"}
    assert all(row[1] == manager.username for row in rows[1:])


def test_a_bad_date_in_the_filter_gets_a_message_not_an_error(client, senior, edited):
    client.force_login(senior)

    page = client.get(CHANGES, {"start": "2018-13-45"})

    assert page.status_code == 400
    assert "Enter a real date" in page.content.decode()


def test_moderators_cannot_read_the_change_history(client, moderator, edited):
    client.force_login(moderator)

    assert client.get(CHANGES).status_code == 403
