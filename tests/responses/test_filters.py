"""One set of filters for every list of responses: the queue, the published page and exports agree."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from responses.exports.write import export_write_csv
from responses.models import Consent, Export, RespondentType, State
from tests.databases import EXPORT_METHODS as METHODS
from tests.factories import ResponseFactory

LONDON = ZoneInfo("Europe/London")


def london(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def mixed_responses(demo_consultation):
    """Parents and others, on and around 1-2 October 2018 in London (summer time), near one centre or another."""
    here, elsewhere = list(demo_consultation.centres.order_by("name")[:2])

    def make(name, *, when, state=State.APPROVED, consent=Consent.PUBLISH_ANONYMOUS, **kwargs):
        kwargs.setdefault("centres", [here])
        return name, ResponseFactory(
            consultation=demo_consultation, submitted_at=when, state=state, consent=consent, **kwargs
        )

    made = dict(
        [
            make("first_moment", when=london(2018, 10, 1, 0, 0)),
            make("last_moment_pending", when=london(2018, 10, 2, 23, 59, 59), state=State.PENDING),
            make("not_for_publishing", when=london(2018, 10, 1, 12), consent=Consent.DO_NOT_PUBLISH),
            make("day_before", when=london(2018, 9, 30, 23, 59, 59), consent=Consent.PUBLISH_NAMED),
            make("day_after", when=london(2018, 10, 3, 0, 0)),
            make("resident", when=london(2018, 10, 1, 12), respondent_type=RespondentType.RESIDENT),
            make("other_centre", when=london(2018, 10, 1, 12), centres=[elsewhere]),
        ]
    )
    return here, made


def queue_references(client, consultation, params) -> set[str]:
    page = client.get(reverse("moderation:queue", kwargs={"slug": consultation.slug}), params)
    assert page.status_code == 200
    return {row["response"].reference for row in page.context["rows"]}


def export_references(client, consultation, data, method) -> set[str]:
    client.post(reverse("exports:create"), {"consultation": consultation.slug} | data)
    buffer = io.BytesIO()
    export_write_csv(export=Export.objects.latest("created_at"), file=buffer, progress=_Quiet(), method=method)
    return {row["reference"] for row in csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8-sig")))}


class _Quiet:
    def expected(self, rows):
        pass

    def written(self, rows):
        pass


@pytest.mark.parametrize("method", METHODS)
def test_one_choice_of_filters_keeps_the_same_responses_on_the_queue_the_published_page_and_an_export(
    client, moderator, analyst, demo_consultation, mixed_responses, method
):
    centre, made = mixed_responses
    chosen = {"respondent_type": RespondentType.PARENT_CARER, "centre": centre.slug}
    in_range = {name: made[name] for name in ("first_moment", "last_moment_pending", "not_for_publishing")}

    client.force_login(moderator)
    queue_dated = queue_references(
        client, demo_consultation, chosen | {"submitted_from": "2018-10-01", "submitted_to": "2018-10-02"}
    )
    queue_undated = queue_references(client, demo_consultation, chosen)
    client.force_login(analyst)
    exported = export_references(
        client,
        demo_consultation,
        chosen
        | {"submitted_from_0": "1", "submitted_from_1": "10", "submitted_from_2": "2018"}
        | {"submitted_to_0": "2", "submitted_to_1": "10", "submitted_to_2": "2018"},
        method,
    )
    client.logout()
    page = client.get(reverse("published:list", kwargs={"slug": demo_consultation.slug}), chosen)
    published = {entry["reference"] for entry in page.context["entries"]}

    assert queue_dated == exported == {response.reference for response in in_range.values()}
    # The public page offers no dates: it shows the approved, consented ones of the queue's list.
    publishable = [r for r in made.values() if r.reference in queue_undated and r.state == State.APPROVED]
    assert published == {r.public_reference for r in publishable if r.consent != Consent.DO_NOT_PUBLISH}
    assert published == {made[name].public_reference for name in ("first_moment", "day_before", "day_after")}


def test_queue_filters_by_the_district_of_a_centre_chosen(client, moderator, demo_consultation):
    here = demo_consultation.centres.order_by("name").first()
    elsewhere = demo_consultation.centres.exclude(district=here.district).first()
    near = ResponseFactory(consultation=demo_consultation, centres=[here, elsewhere])
    ResponseFactory(consultation=demo_consultation, centres=[elsewhere])
    ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)

    shown = queue_references(client, demo_consultation, {"district": here.district})

    # Once, though it chose two centres.
    assert shown == {near.reference}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"submitted_to": "9999-12-31"}, "Enter a year between 2000 and 2100"),
        ({"submitted_from": "0001-01-01"}, "Enter a year between 2000 and 2100"),
        ({"submitted_from": "2018-10-01\x00"}, "Enter a real date"),
        ({"state": "approved\x00"}, "Choose a state from the list"),
        ({"q": "play\x00group"}, "Null characters are not allowed"),
        ({"district": "Atlantis"}, "Choose a district from the list"),
    ],
)
def test_dates_out_of_range_and_null_bytes_on_the_queue_give_a_message(
    client, moderator, demo_consultation, params, message
):
    ResponseFactory(consultation=demo_consultation)
    client.force_login(moderator)

    page = client.get(reverse("moderation:queue", kwargs={"slug": demo_consultation.slug}), params)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["rows"] == []


def test_a_null_byte_on_the_published_page_gives_a_message_and_the_whole_list(client, demo_consultation):
    shown = ResponseFactory(consultation=demo_consultation, state=State.APPROVED)

    page = client.get(reverse("published:list", kwargs={"slug": demo_consultation.slug}), {"respondent_type": "\x00"})

    assert page.status_code == 200
    assert "Choose a respondent type from the list" in page.content.decode()
    assert [entry["reference"] for entry in page.context["entries"]] == [shown.public_reference]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"submitted_to_0": "31", "submitted_to_1": "12", "submitted_to_2": "9999"}, "Enter a year between"),
        ({"submitted_from_0": "1\x00", "submitted_from_1": "1", "submitted_from_2": "2018"}, "Null characters"),
        ({"centre": "\x00"}, "Choose a centre from the list"),
    ],
)
def test_dates_out_of_range_and_null_bytes_in_an_export_request_give_a_message(
    client, analyst, demo_consultation, data, message
):
    client.force_login(analyst)

    page = client.post(reverse("exports:create"), {"consultation": demo_consultation.slug} | data)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Export.objects.exists()
