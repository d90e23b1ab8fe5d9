"""Senior officers read the decision and download logs, filter them and download them as CSV."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from responses.models import Decision, ExportDownload
from tests.factories import ConsultationFactory, ExportFactory, ResponseFactory, UserFactory

DECISIONS = reverse("logs:decisions")
DOWNLOADS = reverse("logs:downloads")
UTC = datetime.UTC


def page_text(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def table_text(page) -> str:
    body = re.search(r"<tbody.*?</tbody>", page.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body.group(0) if body else "").split())


def parse(page) -> list[list[str]]:
    content = b"".join(page.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content, newline="")))


@pytest.fixture
def history(demo_consultation):
    """Decisions by two officers on two consultations, on two days, and two downloads."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    other = ConsultationFactory(slug="libraries")
    mine, theirs = ResponseFactory(consultation=demo_consultation), ResponseFactory(consultation=other)
    day1, day2 = datetime.datetime(2018, 9, 17, 10, tzinfo=UTC), datetime.datetime(2018, 9, 20, 10, tzinfo=UTC)
    Decision.objects.create(response=mine, actor=alice, created_at=day1, from_state="pending", to_state="approved")
    Decision.objects.create(
        response=theirs,
        actor=bob,
        created_at=day2,
        from_state="pending",
        to_state="rejected",
        reason="spam",
        note='=HYPERLINK("http://x")',
    )
    Decision.objects.create(
        response=mine,
        actor=bob,
        created_at=day2,
        from_state="approved",
        to_state="approved",
        note="Organisation verified",
    )
    export = ExportFactory(consultation=demo_consultation, requested_by=alice, include_personal_data=True)
    ExportDownload.objects.create(export=export, user=alice, downloaded_at=day1)
    ExportDownload.objects.create(
        export=ExportFactory(consultation=other, requested_by=bob), user=bob, downloaded_at=day2
    )
    return {"mine": mine, "theirs": theirs, "alice": alice, "bob": bob}


def test_the_decision_log_lists_every_decision_newest_first(client, senior, history):
    client.force_login(senior)

    page = client.get(DECISIONS)

    assert "3 entries" in page_text(page)
    text = table_text(page)
    assert text.index(history["theirs"].reference) < text.index("alice")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"officer": "alice"}, {"approved"}),
        ({"consultation": "libraries"}, {"rejected"}),
        ({"kind": "rejected"}, {"rejected"}),
        ({"kind": "note"}, {"approved→approved"}),
        ({"start": "2018-09-18"}, {"rejected", "approved→approved"}),
        ({"end": "2018-09-17"}, {"approved"}),
    ],
)
def test_the_decision_log_filters_by_date_officer_consultation_and_kind(client, senior, history, filters, expected):
    client.force_login(senior)

    rows = parse(client.get(DECISIONS, filters | {"format": "csv"}))

    header = rows[0]
    kinds = {r[header.index("to")] if r[4] != r[5] else f"{r[4]}→{r[5]}" for r in rows[1:]}
    assert kinds == expected


def test_the_decision_log_csv_has_a_header_and_neutralised_cells(client, senior, history):
    client.force_login(senior)

    page = client.get(DECISIONS, {"format": "csv", "kind": "rejected"})

    assert page["Content-Disposition"].startswith('attachment; filename="decision-log-')
    rows = parse(page)
    assert rows[0] == ["when", "officer", "consultation", "response", "from", "to", "reason", "note"]
    assert rows[1][1:] == [
        "bob",
        "libraries",
        history["theirs"].reference,
        "pending",
        "rejected",
        "spam",
        '\'=HYPERLINK("http://x")',
    ]
    assert rows[1][0] == "2018-09-20T11:00:00+01:00"


def test_bad_filters_show_a_message_and_no_rows(client, senior, history):
    client.force_login(senior)

    page = client.get(DECISIONS, {"officer": "nobody", "start": "2018-09-20", "end": "2018-09-01"})

    assert page.status_code == 400
    assert "Choose an officer from the list" in page_text(page)
    assert "The end date must be the same as or after the start date" in page_text(page)
    assert table_text(page) == ""


def test_the_decision_log_pages_fifty_at_a_time(client, senior, history, monkeypatch):
    from responses.logs import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(senior)

    first, second = client.get(DECISIONS), client.get(DECISIONS, {"page": 2})

    assert "Older" in page_text(first)
    assert "Newer" in page_text(second)
    assert table_text(second).count("alice") == 1


def test_the_download_log_lists_who_downloaded_which_export(client, senior, history):
    client.force_login(senior)

    page = client.get(DOWNLOADS, {"consultation": history["mine"].consultation.slug})
    rows = parse(client.get(DOWNLOADS, {"officer": "alice", "format": "csv"}))

    assert "1 entry" in page_text(page)
    assert rows[0] == ["when", "officer", "consultation", "export", "personal_data", "requested_by", "rows"]
    assert [row[1] for row in rows[1:]] == ["alice"]
    assert rows[1][4] == "yes"


def test_the_logs_page_leaves_room_for_the_consultation_change_history(client, senior):
    client.force_login(senior)

    text = page_text(client.get(reverse("logs:home")))

    assert "Moderation decision log" in text and "Export download log" in text
    assert "Consultation change history" in text


@pytest.mark.parametrize("url", [reverse("logs:home"), DECISIONS, DOWNLOADS, DECISIONS + "?format=csv"])
def test_moderators_and_analysts_cannot_read_the_logs(client, moderator, analyst, url):
    for officer in (moderator, analyst):
        client.force_login(officer)
        assert client.get(url).status_code == 403


def test_the_log_pages_take_as_many_queries_for_many_rows_as_for_few(client, senior, history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(senior)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DECISIONS).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        Decision.objects.create(
            response=history["mine"], actor=UserFactory(), from_state="approved", to_state="flagged"
        )
    assert queries() == few
