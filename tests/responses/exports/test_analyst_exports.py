"""Analyst-ready exports: organisations' roles, districts, text as published, Excel with its codebook,
the ready email and the operators' command."""

import csv
import datetime
import importlib
import io
import re
import smtplib

import openpyxl
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from centres.models import Centre
from responses.exports import xlsx
from responses.exports.build import export_build
from responses.exports.csv import Progress
from responses.exports.tasks import export_responses_csv, send_pending_export_emails
from responses.exports.write import export_write
from responses.models import Export, ExportFormat, ExportStatus, RespondentType, State
from responses.moderation import services as moderation
from tests.databases import EXPORT_METHODS as METHODS
from tests.factories import ExportFactory, ResponseFactory, UserFactory
from tests.responses.exports.test_exports import TRICKY_TEXTS

UTC = datetime.UTC
CHILD_AND_PHONE = "My son Jack goes to the group. Ring me on 07700 900123 about it."


def build(export, method=None) -> bytes:
    buffer = io.BytesIO()
    export_write(export=export, file=buffer, progress=Progress(), method=method)
    return buffer.getvalue()


def table(content: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def centre_in(district: str) -> Centre:
    return Centre.objects.filter(district=district).order_by("name").first()


@pytest.mark.parametrize("method", METHODS)
def test_organisations_role_and_authority_and_the_districts_of_the_centres_chosen_are_exported(
    demo_consultation, method
):
    norwich, breckland = Centre.objects.filter(district="Norwich").order_by("name")[:2], centre_in("Breckland")
    ResponseFactory(
        consultation=demo_consultation,
        submitted_at=datetime.datetime(2018, 10, 1, tzinfo=UTC),
        respondent_type=RespondentType.PARISH_COUNCIL,
        organisation_name="Acle Parish Council",
        respondent_role="Clerk to the council",
        authority_confirmed=True,
        centres=[*norwich, breckland],
    )
    ResponseFactory(
        consultation=demo_consultation,
        submitted_at=datetime.datetime(2018, 10, 2, tzinfo=UTC),
        respondent_type=RespondentType.VOLUNTARY,
        organisation_name="Home-Start",
        authority_confirmed=False,
    )
    ResponseFactory(consultation=demo_consultation, submitted_at=datetime.datetime(2018, 10, 3, tzinfo=UTC))

    parish, voluntary, parent = table(build(ExportFactory(consultation=demo_consultation), method))

    assert (parish["respondent_role"], parish["authority_confirmed"]) == ("Clerk to the council", "yes")
    assert parish["district"] == "Breckland; Norwich"  # each district once, A to Z
    assert voluntary["authority_confirmed"] == "no"
    assert (parent["respondent_role"], parent["authority_confirmed"], parent["district"]) == ("", "", "")


def redacted_response(consultation, officer):
    """A response whose child's name, phone number and organisation name a moderator redacted."""
    response = ResponseFactory(
        consultation=consultation,
        state=State.APPROVED,
        respondent_type=RespondentType.VOLUNTARY,
        organisation_name="Jack's Playgroup",
        answers={"impact": CHILD_AND_PHONE, "anything_else": "Nothing personal here."},
    )
    start = CHILD_AND_PHONE.index("Jack")
    phone = CHILD_AND_PHONE.index("07700")
    moderation.response_redact(
        response_id=response.pk,
        actor=officer,
        field_name="impact",
        spans=[(start, start + 4), (phone, phone + 12)],
        reason="Name and phone",
    )
    moderation.response_redact(
        response_id=response.pk, actor=officer, field_name="organisation_name", spans=[(0, 4)], reason="Name"
    )
    return response


@pytest.mark.parametrize("method", METHODS)
def test_exports_without_personal_data_carry_the_text_as_published_and_personal_ones_the_original(
    demo_consultation, senior, method
):
    redacted_response(demo_consultation, senior)

    (plain,) = table(build(ExportFactory(consultation=demo_consultation), method))
    (personal,) = table(build(ExportFactory(consultation=demo_consultation, include_personal_data=True), method))

    assert plain["impact"] == "My son [redacted] goes to the group. Ring me on [redacted] about it."
    assert plain["organisation_name"] == "[redacted]'s Playgroup"
    assert plain["anything_else"] == "Nothing personal here."
    assert personal["impact"] == CHILD_AND_PHONE
    assert personal["organisation_name"] == "Jack's Playgroup"


@pytest.mark.parametrize("method", METHODS)
def test_a_redaction_removed_shows_the_original_text_again(demo_consultation, senior, method):
    response = redacted_response(demo_consultation, senior)
    for item in response.redactions.filter(field="impact"):
        moderation.redaction_remove(redaction_id=item.pk, actor=senior)

    (plain,) = table(build(ExportFactory(consultation=demo_consultation), method))

    assert plain["impact"] == CHILD_AND_PHONE
    assert plain["organisation_name"] == "[redacted]'s Playgroup"


# Excel


def excel_text(value) -> str:
    """A cell's text as Excel shows it: the file escapes control characters (and carriage returns)
    as _xHHHH_, which Excel decodes and openpyxl leaves as they are."""
    return "" if value is None else re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), value)


def sheet_cells(sheet) -> list[list[str]]:
    return [[excel_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("method", METHODS)
def test_the_excel_file_holds_the_csvs_cells_and_a_codebook(demo_consultation, senior, method):
    redacted_response(demo_consultation, senior)
    ResponseFactory(
        consultation=demo_consultation,
        organisation_name='=HYPERLINK("http://x.example")',
        answers={"impact": "Line one\nLine two, £5 a week", "services_used": ["Stay and play", "+44 clinic"]},
    )
    for n, text in enumerate(TRICKY_TEXTS):
        ResponseFactory(
            consultation=demo_consultation, answers={"impact": text, "anything_else": f"\x01{n}\x1f typed _x0041_"}
        )
    csv_export = ExportFactory(consultation=demo_consultation)
    xlsx_export = ExportFactory(consultation=demo_consultation, format=ExportFormat.XLSX)
    expected = list(csv.reader(io.StringIO(build(csv_export, method).decode("utf-8-sig"), newline="")))

    workbook = openpyxl.load_workbook(io.BytesIO(build(xlsx_export, method)), read_only=True)

    assert workbook.sheetnames == ["Responses", "Codebook"]
    assert sheet_cells(workbook["Responses"]) == expected
    codebook = sheet_cells(workbook["Codebook"])
    assert codebook[0] == ["column", "meaning", "code", "label"]
    assert {row[0] for row in codebook[1:]} == set(expected[0])  # every column
    meanings = {row[0]: row[1] for row in codebook if row[1]}
    for question in demo_consultation.questions.all():
        assert question.text in meanings[question.slug]  # every question in full
    labels = {(row[0], row[2]): row[3] for row in codebook if row[2]}
    assert labels[("proposal_agreement", "strongly_disagree")] == "Strongly disagree"
    assert labels[("respondent_type", "parish_council")] == "Parish or town council"
    assert labels[("authority_confirmed", "yes")] == "Yes"


def test_an_excel_export_above_a_sheets_rows_fails_before_building_with_a_clear_reason(demo_consultation, monkeypatch):
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 3)  # the header and two responses
    for _ in range(3):
        ResponseFactory(consultation=demo_consultation)
    export = ExportFactory(consultation=demo_consultation, format=ExportFormat.XLSX)

    export = export_build(export_id=export.pk)

    assert export.status == ExportStatus.FAILED
    assert "3 responses, more than an Excel sheet holds (2 below its header)" in export.error
    assert not export.file


def test_asking_for_excel_above_a_sheets_rows_is_refused_on_the_form(client, analyst, demo_consultation, monkeypatch):
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 3)
    for _ in range(3):
        ResponseFactory(consultation=demo_consultation)
    client.force_login(analyst)

    refused = client.post(reverse("exports:create"), {"consultation": demo_consultation.slug, "format": "xlsx"})
    allowed = client.post(
        reverse("exports:create"), {"consultation": demo_consultation.slug, "format": "xlsx", "state": "approved"}
    )

    assert refused.status_code == 200
    assert "too many for Excel: 3, and a sheet holds 2 below its header" in refused.content.decode()
    assert allowed.status_code == 302
    assert Export.objects.get().format == ExportFormat.XLSX


def test_an_excel_export_downloads_as_an_xlsx_file(client, analyst, demo_consultation):
    ResponseFactory(consultation=demo_consultation)
    export = ExportFactory(consultation=demo_consultation, requested_by=analyst, format=ExportFormat.XLSX)
    export_build(export_id=export.pk)
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk}))
    download = client.get(reverse("exports:download", kwargs={"pk": export.pk}))

    assert "Download the Excel file" in page.content.decode()
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Responses", "Codebook"]


def test_a_csv_exports_page_offers_the_codebook_as_its_own_csv(client, analyst, demo_consultation):
    ResponseFactory(consultation=demo_consultation)
    export = ExportFactory(consultation=demo_consultation, requested_by=analyst)
    export_build(export_id=export.pk)
    client.force_login(analyst)

    page = client.get(reverse("exports:detail", kwargs={"pk": export.pk}))
    codebook = client.get(reverse("exports:codebook", kwargs={"pk": export.pk}))

    assert reverse("exports:codebook", kwargs={"pk": export.pk}) in page.content.decode()
    assert codebook["Content-Disposition"].endswith('-codebook.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(codebook.streaming_content).decode("utf-8-sig"), newline="")))
    workbook_export = ExportFactory(consultation=demo_consultation, format=ExportFormat.XLSX)
    workbook = openpyxl.load_workbook(io.BytesIO(build(workbook_export)), read_only=True)
    assert rows == sheet_cells(workbook["Codebook"])  # the same codebook


def test_someone_elses_codebook_is_not_found(client, analyst, demo_consultation):
    export = ExportFactory(consultation=demo_consultation, requested_by=UserFactory())
    client.force_login(analyst)

    assert client.get(reverse("exports:codebook", kwargs={"pk": export.pk})).status_code == 404


# The ready email


def test_the_analyst_is_emailed_a_link_once_the_file_is_finished_with_no_data(demo_consultation, settings):
    settings.SITE_URL = "https://consult.example.org"
    ResponseFactory(consultation=demo_consultation, reference="NCC-SEEN-0001", answers={"impact": "Private words"})
    analyst = UserFactory(email="analyst@example.org")
    export = ExportFactory(consultation=demo_consultation, requested_by=analyst)

    export_responses_csv.run(str(export.pk))
    export_responses_csv.run(str(export.pk))  # a second delivery sends nothing more

    (email,) = mail.outbox
    assert email.to == ["analyst@example.org"]
    assert "is ready" in email.subject
    assert f"https://consult.example.org/staff/exports/{export.pk}/" in email.body
    assert "NCC-SEEN-0001" not in email.body and "Private words" not in email.body
    assert Export.objects.get(pk=export.pk).ready_email_sent_at is not None


def test_an_email_the_mail_server_refused_waits_in_the_outbox_and_the_file_is_still_done(
    demo_consultation, monkeypatch
):
    ResponseFactory(consultation=demo_consultation)
    export = ExportFactory(consultation=demo_consultation, requested_by=UserFactory(email="analyst@example.org"))

    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server gone")

    monkeypatch.setattr("responses.exports.mail.send_mail", refused)
    export_responses_csv.run(str(export.pk))
    waiting = Export.objects.get(pk=export.pk)
    monkeypatch.undo()

    assert waiting.status == ExportStatus.DONE
    assert waiting.ready_email_sent_at is None
    assert send_pending_export_emails() == 1
    assert send_pending_export_emails() == 0
    assert len(mail.outbox) == 1


def test_a_failed_export_sends_no_ready_email(demo_consultation, monkeypatch):
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 1)
    ResponseFactory(consultation=demo_consultation)
    export = ExportFactory(
        consultation=demo_consultation, requested_by=UserFactory(email="a@example.org"), format=ExportFormat.XLSX
    )

    export_responses_csv.run(str(export.pk))

    assert Export.objects.get(pk=export.pk).status == ExportStatus.FAILED
    assert send_pending_export_emails() == 0
    assert mail.outbox == []


# The operators' command


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("personal", [False, True])
def test_the_command_writes_the_same_bytes_as_the_download(demo_consultation, senior, tmp_path, file_format, personal):
    redacted_response(demo_consultation, senior)
    ResponseFactory(consultation=demo_consultation, name="Jo Bloggs", email="jo@example.org")
    export = ExportFactory(
        consultation=demo_consultation, format=file_format, include_personal_data=personal, requested_by=senior
    )
    export = export_build(export_id=export.pk)
    output = tmp_path / f"out.{file_format}"
    args = ["--consultation", demo_consultation.slug, "--output", str(output), "--format", file_format]

    call_command("export_responses", *args, *(["--personal-data"] if personal else []), stdout=io.StringIO())

    with export.file.open("rb") as downloaded:
        assert output.read_bytes() == downloaded.read()


def test_the_command_names_an_unknown_consultation(db, tmp_path):
    with pytest.raises(CommandError, match="No consultation has the slug 'nope'"):
        call_command("export_responses", "--consultation", "nope", "--output", str(tmp_path / "x.csv"))
    assert list(tmp_path.iterdir()) == []


def test_the_request_form_offers_csv_or_excel_and_csv_is_chosen_unless_excel_is(client, analyst, demo_consultation):
    client.force_login(analyst)

    page = client.get(reverse("exports:create")).content.decode()
    client.post(reverse("exports:create"), {"consultation": demo_consultation.slug})

    assert "File format" in page
    assert re.search(r'value="csv"\s+checked', page) and 'value="xlsx"' in page
    assert Export.objects.get().format == ExportFormat.CSV


def test_redactions_made_before_the_upgrade_are_exported_as_published(demo_consultation, senior):
    from django.apps import apps

    from responses.models import Redaction

    upgrade = importlib.import_module("responses.migrations.0008_exports_format_published_fields")
    response = ResponseFactory(consultation=demo_consultation, answers={"impact": CHILD_AND_PHONE})
    start = CHILD_AND_PHONE.index("Jack")
    Redaction.objects.create(
        response=response, field="impact", start=start, end=start + 4, reason="Name", created_by=senior
    )

    upgrade.published_fields_fill(apps, None)

    (plain,) = table(build(ExportFactory(consultation=demo_consultation)))
    assert plain["impact"].startswith("My son [redacted] goes")
