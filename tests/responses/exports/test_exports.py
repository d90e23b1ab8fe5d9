"""The CSV an export builds: its exact content, on both paths, and its safety."""

import csv
import datetime
import io

import pytest
from django.db import DatabaseError

from centres.models import Centre
from consultation.models import QuestionKind
from responses.exports import copy as export_service
from responses.exports import csv as export_csv
from responses.exports.csv import FORMULA_STARTS, ExportFilters, Progress
from responses.exports.write import export_write_csv
from responses.models import Channel, Consent, RespondentType, Response, State
from tests.databases import EXPORT_METHODS as METHODS
from tests.databases import postgresql_only
from tests.factories import ExportFactory, QuestionFactory, ResponseFactory, UserFactory

UTC = datetime.UTC

HEADER = (
    "reference,submitted_at,channel,respondent_type,organisation_name,respondent_role,authority_confirmed,"
    "organisation_verified,moderation_state,consent,"
    "proposal_agreement,centres_you_use,centres_you_use:other,services_used,visit_frequency,impact,anything_else,"
    "centres_used,district,has_attachment,withdrawn,themes,campaign_group"
)


class Recorder(Progress):
    def __init__(self):
        self.calls = []

    def expected(self, rows):
        self.calls.append(("expected", rows))

    def written(self, rows):
        self.calls.append(("written", rows))


def build(export, method) -> bytes:
    buffer = io.BytesIO()
    export_write_csv(export=export, file=buffer, progress=Progress(), method=method)
    return buffer.getvalue()


def parse(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def city(centres):
    """City and Eaton Children's Centre."""
    return Centre.objects.get(slug="city-and-eaton-childrens-centre")


@pytest.fixture
def north(centres):
    """North City Children's Centre."""
    return Centre.objects.get(slug="north-city-childrens-centre")


@pytest.fixture
def three_responses(demo_consultation, city, north):
    """A parent (named, with centres), a verified parish council (with a letter) and a bare resident."""
    ResponseFactory(
        consultation=demo_consultation,
        reference="NCC-AAAA-1111",
        submitted_at=datetime.datetime(2018, 9, 17, 9, 15, 30, 500000, tzinfo=UTC),
        consent=Consent.PUBLISH_NAMED,
        state=State.APPROVED,
        name="Jo Bloggs",
        email="jo@example.org",
        postcode="NR1 1AA",
        answers={
            "proposal_agreement": "strongly_disagree",
            "centres_you_use": [north.slug, city.slug],
            "services_used": ["Stay and play sessions", "Health visitor clinics"],
            "visit_frequency": "Every week",
            "impact": 'Line one\nLine "two", with a comma',
        },
        centres=[north, city],
    )
    ResponseFactory(
        consultation=demo_consultation,
        reference="NCC-BBBB-2222",
        submitted_at=datetime.datetime(2018, 11, 12, 15, 0, tzinfo=UTC),
        respondent_type=RespondentType.PARISH_COUNCIL,
        organisation_name="Acle Parish Council",
        respondent_role="Parish clerk",
        authority_confirmed=True,
        organisation_verified=True,
        channel=Channel.PAPER,
        consent=Consent.DO_NOT_PUBLISH,
        attachment="attachments/2018/11/letter.pdf",
        answers={"proposal_agreement": "disagree", "impact": '=HYPERLINK("http://x.example")', "anything_else": "-10"},
    )
    ResponseFactory(
        consultation=demo_consultation,
        reference="NCC-CCCC-3333",
        submitted_at=datetime.datetime(2018, 11, 12, 15, 0, tzinfo=UTC),
        respondent_type=RespondentType.RESIDENT,
        channel=Channel.EMAIL,
        state=State.FLAGGED,
        answers={},
    )
    ResponseFactory(reference="NCC-DDDD-4444")  # another consultation's: never in this export
    return demo_consultation


@pytest.mark.parametrize("method", METHODS)
def test_export_holds_every_column_of_every_response_exactly(three_responses, method):
    export = ExportFactory(consultation=three_responses)

    content = build(export, method)

    assert (
        content
        == (
            "\ufeff" + HEADER + "\r\n"
            "NCC-AAAA-1111,2018-09-17T10:15:30+01:00,online,parent_carer,,,,no,approved,named,strongly_disagree,"
            "North City Children's Centre; City and Eaton Children's Centre,,"
            "Stay and play sessions; Health visitor clinics,"
            'Every week,"Line one\nLine ""two"", with a comma",,'
            "City and Eaton Children's Centre; North City Children's Centre,Norwich,no,no,,\r\n"
            "NCC-BBBB-2222,2018-11-12T15:00:00+00:00,paper,parish_council,Acle Parish Council,Parish clerk,yes,"
            "yes,pending,none,disagree,,,,,"
            '"\'=HYPERLINK(""http://x.example"")",\'-10,,,yes,no,,\r\n'
            "NCC-CCCC-3333,2018-11-12T15:00:00+00:00,email,resident,,,,no,flagged,anonymous,,,,,,,,,,no,no,,\r\n"
        ).encode()
    )


@pytest.mark.parametrize("method", METHODS)
def test_personal_data_columns_come_only_with_personal_data_exports(three_responses, method):
    plain = parse(build(ExportFactory(consultation=three_responses), method))
    personal_export = ExportFactory(consultation=three_responses, include_personal_data=True)
    personal = list(csv.reader(io.StringIO(build(personal_export, method).decode("utf-8-sig"))))

    assert not {"name", "email", "postcode"} & set(plain[0])
    assert "jo@example.org" not in str(plain)
    assert personal[0][-3:] == ["name", "email", "postcode"]
    assert personal[1][-3:] == ["Jo Bloggs", "jo@example.org", "NR1 1AA"]
    assert personal[3][-3:] == ["", "", ""]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1603 000000", "'+44 1603 000000"),
        ("-closing is wrong", "'-closing is wrong"),
        ("@council", "'@council"),
        ("\tindented", "'\tindented"),
        ("\rreturn first", "'\rreturn first"),
        ("1+1=2", "1+1=2"),
        (" =not at the start", " =not at the start"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_start_with_a_quote(demo_consultation, method, text, cell):
    ResponseFactory(consultation=demo_consultation, organisation_name=text, answers={"impact": text})

    rows = parse(build(ExportFactory(consultation=demo_consultation), method))

    assert rows[1][4] == cell  # organisation_name
    assert rows[1][rows[0].index("impact")] == cell


@pytest.mark.parametrize("method", METHODS)
def test_formula_cells_are_neutralised_in_every_column_including_personal_data(demo_consultation, method):
    ResponseFactory(
        consultation=demo_consultation,
        name="=cmd|' /C calc'!A0",
        email="@example.org",
        postcode="-NR1",
        answers={"services_used": ["+first", "second"], "visit_frequency": "=1"},
    )
    export = ExportFactory(consultation=demo_consultation, include_personal_data=True)

    rows = list(csv.reader(io.StringIO(build(export, method).decode("utf-8-sig"))))
    cells = dict(zip(rows[0], rows[1], strict=True))

    assert cells["name"] == "'=cmd|' /C calc'!A0"
    assert cells["email"] == "'@example.org"
    assert cells["postcode"] == "'-NR1"
    assert cells["services_used"] == "'+first; second"
    assert cells["visit_frequency"] == "'=1"


TRICKY_TEXTS = [
    "Plain words",
    "Windows line\r\nbreaks\r\nkept",
    'Quotes "inside" and, commas',
    "Ünïcödé, emoji 👶 and Welsh: Llanfair ŵ ŷ",
    "A backslash \\ and \\. alone",
    "\n\nstarts with blank lines",
    "trailing spaces   ",
    "",
]


@pytest.mark.parametrize("method", METHODS)
def test_answers_with_newlines_quotes_and_unicode_survive_a_round_trip(demo_consultation, method):
    for n, text in enumerate(TRICKY_TEXTS):
        ResponseFactory(
            consultation=demo_consultation,
            submitted_at=datetime.datetime(2018, 10, 1, tzinfo=UTC) + datetime.timedelta(minutes=n),
            answers={"impact": text, "anything_else": text},
        )

    content = build(ExportFactory(consultation=demo_consultation), method)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))

    assert [row[rows[0].index("impact")] for row in rows[1:]] == TRICKY_TEXTS
    assert content.startswith(b"\xef\xbb\xbf")


def varied_responses(consultation, centres, count=40):
    """Responses with every shape of answer, ties in submitted_at, centres in several districts,
    organisations' roles and redacted text."""
    picked = list(Centre.objects.order_by("name")[::7][:5])
    for n in range(count):
        redacted = n % 4 == 1
        ResponseFactory(
            consultation=consultation,
            # Ties in submitted_at, so the order also depends on the id.
            submitted_at=datetime.datetime(2018, 9, 17, 23, 30, tzinfo=UTC) + datetime.timedelta(hours=n // 3),
            respondent_type=list(RespondentType)[n % len(RespondentType)],
            organisation_name=["", "Acle Parish Council", "=SUM(A1)"][n % 3],
            respondent_role=["", "Clerk", "-Chair"][n % 3],
            authority_confirmed=n % 2 == 0,
            published_fields={"impact": "[redacted] said so", "organisation_name": "[redacted]"} if redacted else None,
            answers={
                "proposal_agreement": ["agree", None, 3, True][n % 4],
                "centres_you_use": [c.slug for c in picked[: n % 6]] + (["gone-centre"] if n % 7 == 0 else []),
                "services_used": ["Parenting courses", None, ["nested"]][: n % 4] if n % 5 else "Parenting courses",
                # A single-choice question whose answer is a list, or text that looks like one.
                "visit_frequency": [["weekly", "monthly"], "[not a list]", '["looks", "like one"]', None][n % 4],
                "impact": TRICKY_TEXTS[n % len(TRICKY_TEXTS)],
            },
            centres=picked[: n % 6],
        )


@postgresql_only("COPY must give exactly the chunked path's bytes")
def test_copy_and_chunked_paths_write_the_same_bytes_for_the_same_rows(demo_consultation, centres):
    varied_responses(demo_consultation, centres)
    # Some withdrawn, so the paths also agree on the withdrawn column and its filter.
    withdrawn = demo_consultation.responses.order_by("pk")[::4]
    Response.objects.filter(pk__in=[r.pk for r in withdrawn]).update(
        withdrawn_at=datetime.datetime(2018, 10, 1, tzinfo=UTC)
    )
    filters = ExportFilters(submitted_from=datetime.date(2018, 9, 18), submitted_to=datetime.date(2018, 9, 18))
    exports = [
        ExportFactory(consultation=demo_consultation, include_personal_data=True),
        ExportFactory(consultation=demo_consultation),
        ExportFactory(consultation=demo_consultation, filters=filters.to_json()),
        ExportFactory(consultation=demo_consultation, filters=ExportFilters(include_withdrawn=True).to_json()),
    ]

    for export in exports:
        chunked = build(export, "chunked")
        rows = list(csv.reader(io.StringIO(chunked.decode("utf-8-sig"), newline="")))
        assert len(rows) > 1
        assert build(export, "copy") == chunked
    whole = parse(build(exports[1], "copy"))
    column = {name: n for n, name in enumerate(whole[0])}
    assert any("; " in row[column["district"]] for row in whole[1:])  # several districts in a cell
    assert "[redacted] said so" in {row[column["impact"]] for row in whole[1:]}
    assert "[redacted] said so" not in str(parse(build(exports[0], "copy")))


@pytest.mark.parametrize("method", METHODS)
def test_filters_choose_which_responses_are_exported(three_responses, city, method):
    def references(**filters):
        export = ExportFactory(consultation=three_responses, filters=ExportFilters(**filters).to_json())
        return [row[0] for row in csv.reader(io.StringIO(build(export, method).decode("utf-8-sig")))][1:]

    assert references(state=State.FLAGGED) == ["NCC-CCCC-3333"]
    assert references(respondent_type=RespondentType.PARISH_COUNCIL) == ["NCC-BBBB-2222"]
    assert references(channel=Channel.PAPER) == ["NCC-BBBB-2222"]
    assert references(centre=city.slug) == ["NCC-AAAA-1111"]
    # 17 September 2018 in London; the 12 November responses are on a later day.
    assert references(submitted_to=datetime.date(2018, 9, 17)) == ["NCC-AAAA-1111"]
    assert references(submitted_from=datetime.date(2018, 11, 12)) == ["NCC-BBBB-2222", "NCC-CCCC-3333"]


@pytest.mark.parametrize("method", METHODS)
def test_progress_reports_rows_expected_then_rows_written(demo_consultation, method, monkeypatch):
    from responses.exports import csv, write

    monkeypatch.setattr(csv, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(write, "CHUNK_SIZE", 3)
    for _ in range(5):
        ResponseFactory(consultation=demo_consultation)
    recorder = Recorder()

    rows = export_write_csv(
        export=ExportFactory(consultation=demo_consultation), file=io.BytesIO(), progress=recorder, method=method
    )

    assert rows == 5
    assert recorder.calls == [("expected", 5), ("written", 2), ("written", 4)]


def test_a_question_added_later_is_a_column_left_empty_for_earlier_responses(demo_consultation):
    ResponseFactory(consultation=demo_consultation, answers={"impact": "We would lose our group."})
    QuestionFactory(consultation=demo_consultation, order=99, slug="added_later", kind=QuestionKind.FREE_TEXT)

    export = ExportFactory(consultation=demo_consultation, requested_by=UserFactory())
    rows = list(csv.reader(io.StringIO(build(export, None).decode("utf-8-sig"))))

    assert rows[0][-7:] == [
        "added_later",
        "centres_used",
        "district",
        "has_attachment",
        "withdrawn",
        "themes",
        "campaign_group",
    ]
    assert rows[1][-5] == ""


def test_the_portals_own_choice_values_can_never_start_a_formula_or_be_empty():
    # The COPY path writes these columns without the formula guard: the guard could never fire.
    values = [value for choices in (Channel, Consent, RespondentType, State) for value in choices.values]

    assert values and all(value and not value.startswith(FORMULA_STARTS) for value in values)


@postgresql_only("an export built on several connections at once")
@pytest.mark.parametrize("connections", [2, 3])
def test_an_export_built_by_several_connections_at_once_is_the_same_file(
    transactional_db, demo_consultation, centres, settings, monkeypatch, connections
):
    monkeypatch.setattr(export_service, "MIN_ROWS_A_PART", 5)
    monkeypatch.setattr(export_csv, "PROGRESS_EVERY", 4)  # copy.py reads it from csv.py
    settings.EXPORT_COPY_CONNECTIONS = connections
    varied_responses(demo_consultation, centres, count=41)
    export = ExportFactory(consultation=demo_consultation, include_personal_data=True)
    recorder, buffer = Recorder(), io.BytesIO()

    written = export_write_csv(export=export, file=buffer, progress=recorder, method="copy")

    assert export_service.copy_parts(41) == connections
    assert written == 41
    # The bar counts the rows of every part written so far: it only goes up.
    assert recorder.calls[0] == ("expected", 41)
    counts = [rows for call, rows in recorder.calls[1:] if call == "written"]
    assert counts and counts == sorted(set(counts)) and counts[-1] <= 41
    assert buffer.getvalue() == build(export, "chunked")


@postgresql_only("an export built on several connections at once")
def test_when_one_part_fails_the_export_fails_rather_than_missing_rows(
    transactional_db, demo_consultation, centres, settings, monkeypatch
):
    import psycopg2

    monkeypatch.setattr(export_service, "MIN_ROWS_A_PART", 5)
    settings.EXPORT_COPY_CONNECTIONS = 2
    varied_responses(demo_consultation, centres, count=12)
    copy_sql = export_service._copy_sql

    def second_part_broken(raw, export, layout, start=None, stop=None):
        sql = copy_sql(raw, export, layout, start, stop)
        return sql.replace("FROM responses_response r", "FROM no_such_table r", 1) if start else sql

    monkeypatch.setattr(export_service, "_copy_sql", second_part_broken)
    export = ExportFactory(consultation=demo_consultation)

    with pytest.raises(DatabaseError) as raised:
        export_write_csv(export=export, file=io.BytesIO(), progress=Recorder(), method="copy")
    assert isinstance(raised.value.__cause__, psycopg2.errors.UndefinedTable)


@postgresql_only("an export built on several connections at once")
def test_a_part_that_loses_its_connection_is_a_database_error_the_task_retries(
    transactional_db, demo_consultation, centres, settings, monkeypatch
):
    import psycopg2

    from responses.exports.tasks import TRANSIENT_EXPORT_ERRORS

    monkeypatch.setattr(export_service, "MIN_ROWS_A_PART", 5)
    settings.EXPORT_COPY_CONNECTIONS = 2
    varied_responses(demo_consultation, centres, count=12)

    def connection_lost(self):
        self.conn.close()
        self.error = psycopg2.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(export_service._CopyPart, "run", connection_lost)
    export = ExportFactory(consultation=demo_consultation)

    with pytest.raises(TRANSIENT_EXPORT_ERRORS):
        export_write_csv(export=export, file=io.BytesIO(), progress=Recorder(), method="copy")
