import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from responses.models import Channel, Decision, Redaction, RejectReason, RespondentType, Response, State
from tests.factories import ResponseFactory, UserFactory

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def signed_in(client, moderator):
    """A client signed in as a moderator."""
    client.force_login(moderator)
    return client


def queue_url(consultation):
    return reverse("moderation:queue", kwargs={"slug": consultation.slug})


def references(page) -> list[str]:
    return [row["response"].reference for row in page.context["rows"]]


def make(consultation, **kwargs):
    return ResponseFactory(consultation=consultation, **kwargs)


def test_queue_shows_counts_per_state(signed_in, demo_consultation):
    for state, n in [(State.PENDING, 3), (State.APPROVED, 2), (State.REJECTED, 1)]:
        for _ in range(n):
            make(demo_consultation, state=state)
    make(ResponseFactory().consultation)  # another consultation's response is not counted

    page = signed_in.get(queue_url(demo_consultation))

    html = page.content.decode()
    assert "All responses: 6" in html
    assert "Waiting for a decision: 3" in html
    assert "Approved: 2" in html
    assert "Rejected: 1" in html
    assert "Flagged for a senior officer: 0" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": State.FLAGGED}, {"flagged"}),
        ({"respondent_type": RespondentType.PARISH_COUNCIL}, {"parish"}),
        ({"kind": "organisation"}, {"parish"}),
        ({"kind": "individual"}, {"plain", "flagged", "paper", "attached"}),
        ({"channel": Channel.PAPER}, {"paper"}),
        ({"attachment": "yes"}, {"attached"}),
        ({"q": "playgroup"}, {"plain"}),
        ({"q": "Ashill Parish"}, {"parish"}),
    ],
)
def test_queue_filters(signed_in, demo_consultation, params, expected):
    made = {
        "plain": make(demo_consultation, answers={"impact": "The playgroup is our lifeline."}),
        "flagged": make(demo_consultation, state=State.FLAGGED),
        "parish": make(
            demo_consultation, respondent_type=RespondentType.PARISH_COUNCIL, organisation_name="Ashill Parish Council"
        ),
        "paper": make(demo_consultation, channel=Channel.PAPER),
        "attached": make(demo_consultation, attachment=ContentFile(b"%PDF-1.4", name="letter.pdf")),
    }

    page = signed_in.get(queue_url(demo_consultation), params)

    assert set(references(page)) == {made[name].reference for name in expected}


def test_queue_filters_by_centre_chosen(signed_in, demo_consultation):
    centre = demo_consultation.centres.first()
    chosen = make(demo_consultation, centres=[centre])
    make(demo_consultation)

    page = signed_in.get(queue_url(demo_consultation), {"centre": centre.slug})

    assert references(page) == [chosen.reference]


def test_queue_filters_by_date_range(signed_in, demo_consultation):
    day = timezone.make_aware(datetime.datetime(2018, 10, 1, 23, 30))
    inside = make(demo_consultation, submitted_at=day)
    make(demo_consultation, submitted_at=day + datetime.timedelta(hours=1))

    page = signed_in.get(queue_url(demo_consultation), {"submitted_from": "2018-10-01", "submitted_to": "2018-10-01"})

    assert references(page) == [inside.reference]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"state": "deleted"}, "Choose a state from the list"),
        ({"centre": "nowhere"}, "Choose a centre from the list"),
        ({"submitted_from": "31/02/2018"}, "Enter a real date"),
        ({"submitted_from": "2018-11-01", "submitted_to": "2018-10-01"}, "The end date must be"),
        ({"after": "not-a-cursor"}, "The page link is not valid"),
        ({"after": "999999999999999999.1"}, "The page link is not valid"),
        ({"q": "x" * 201}, "Search must be 200 characters or fewer"),
        ({"sort": "random"}, "Choose newest or oldest first"),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(signed_in, demo_consultation, params, message):
    make(demo_consultation)

    page = signed_in.get(queue_url(demo_consultation), params)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["rows"] == []


def test_queue_pages_by_keyset_forwards_and_back(signed_in, demo_consultation, monkeypatch):
    monkeypatch.setattr("responses.moderation.views.PAGE_SIZE", 2)
    start = timezone.now() - datetime.timedelta(days=1)
    # Two share a timestamp so the id breaks the tie.
    made = [
        make(demo_consultation, submitted_at=start + datetime.timedelta(minutes=i // 2 * 2 + i % 2 * 0))
        for i in range(5)
    ]
    expected = [r.reference for r in sorted(made, key=lambda r: (r.submitted_at, r.pk), reverse=True)]

    first = signed_in.get(queue_url(demo_consultation))
    second = signed_in.get(queue_url(demo_consultation), {"after": str(first.context["page"].next_cursor)})
    third = signed_in.get(queue_url(demo_consultation), {"after": str(second.context["page"].next_cursor)})
    back = signed_in.get(queue_url(demo_consultation), {"before": str(third.context["page"].previous_cursor)})

    assert references(first) + references(second) + references(third) == expected
    assert third.context["page"].next_cursor is None
    assert references(back) == references(second)
    assert "Next" in first.content.decode() and "Previous" not in first.content.decode()


def test_queue_sorts_oldest_first(signed_in, demo_consultation):
    old = make(demo_consultation, submitted_at=timezone.now() - datetime.timedelta(days=3))
    new = make(demo_consultation)

    page = signed_in.get(queue_url(demo_consultation), {"sort": "oldest"})

    assert references(page) == [old.reference, new.reference]


@pytest.mark.parametrize("rows", [5, 50])
def test_queue_query_count_does_not_grow_with_the_rows_shown(
    signed_in, demo_consultation, django_assert_num_queries, rows
):
    for _ in range(rows):
        make(demo_consultation, answers={"impact": "Words"}, centres=list(demo_consultation.centres.all()[:2]))

    # Session, user, the second factor's device, two permission reads, consultation, centres, rows,
    # questions, counts (kept by the database), the campaign groups (the filter's choices, the rows'
    # groups; their sizes when any are in one), and the session saved again (SESSION_SAVE_EVERY_REQUEST:
    # one statement, config/sessions.py).
    with django_assert_num_queries(13):
        page = signed_in.get(queue_url(demo_consultation), {"q": "Words", "channel": "online"})

    assert len(page.context["rows"]) == rows


def test_response_page_shows_everything_the_respondent_sent(signed_in, demo_consultation):
    centre = demo_consultation.centres.first()
    response = make(
        demo_consultation,
        respondent_type=RespondentType.VOLUNTARY,
        organisation_name="Home-Start Norfolk",
        respondent_role="Chair",
        name="Ann Other",
        email="ann@example.org",
        postcode="NR1 2DH",
        answers={
            "proposal_agreement": "strongly_disagree",
            "centres_you_use": [centre.slug],
            "services_used": ["Parenting courses"],
            "impact": "Families would travel much further.",
        },
        attachment=ContentFile(b"%PDF-1.4", name="letter.pdf"),
        attachment_name="Our letter.pdf",
    )

    page = signed_in.get(reverse("moderation:response", kwargs={"reference": response.reference}))

    html = page.content.decode()
    for text in [
        "Home-Start Norfolk",
        "Chair",
        "Ann Other",
        "ann@example.org",
        "NR1 2DH",
        "Strongly disagree",
        centre.name,
        "Parenting courses",
        "Families would travel much further.",
        "Download Our letter.pdf",
    ]:
        assert text in html.replace("&#x27;", "'")


def test_attachment_is_downloaded_through_a_checked_view(signed_in, demo_consultation):
    response = make(
        demo_consultation,
        attachment=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        attachment_name="Our letter.pdf",
        attachment_content_type="application/pdf",
    )

    download = signed_in.get(reverse("moderation:attachment", kwargs={"reference": response.reference}))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert f'filename="{response.reference}-letter.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 letter"


def test_response_without_attachment_has_no_download(signed_in, demo_consultation):
    response = make(demo_consultation)

    download = signed_in.get(reverse("moderation:attachment", kwargs={"reference": response.reference}))

    assert download.status_code == 404


def post_decision(client, response, **data):
    url = reverse("moderation:decide", kwargs={"reference": response.reference})
    return client.post(url, {"version": response.version, **data}, follow=True)


def test_moderator_rejects_spam_from_the_response_page(signed_in, moderator, demo_consultation):
    response = make(demo_consultation)

    page = post_decision(signed_in, response, decision=State.REJECTED, reason=RejectReason.SPAM)

    assert "is now: Rejected" in page.content.decode()
    decision = Decision.objects.get()
    assert (decision.actor, decision.to_state, decision.reason) == (moderator, State.REJECTED, RejectReason.SPAM)


def test_rejecting_without_a_reason_shows_a_message(signed_in, demo_consultation):
    response = make(demo_consultation)

    page = post_decision(signed_in, response, decision=State.REJECTED)

    assert page.status_code == 400
    assert "Choose why you are rejecting the response" in page.content.decode()
    assert Response.objects.get().state == State.PENDING


def test_second_officer_is_told_who_decided_a_moment_ago(signed_in, demo_consultation):
    response = make(demo_consultation)
    other = UserFactory(username="ravi")
    from responses.moderation.services import response_decide

    response_decide(response_id=response.pk, actor=other, to_state=State.APPROVED, expected_version=0)

    page = post_decision(signed_in, response, decision=State.REJECTED, reason=RejectReason.SPAM)

    assert "This response was changed by ravi a moment ago" in page.content.decode()
    assert Response.objects.get().state == State.APPROVED
    assert Decision.objects.count() == 1


def test_bulk_rejects_selected_as_spam_with_one_audit_record_each(signed_in, demo_consultation):
    chosen = [make(demo_consultation) for _ in range(3)]
    left = make(demo_consultation)

    page = signed_in.post(
        reverse("moderation:bulk", kwargs={"slug": demo_consultation.slug}),
        {"action": "reject_spam", "selected": [f"{r.pk}:{r.version}" for r in chosen]},
        follow=True,
    )

    assert "3 response(s) rejected as spam" in page.content.decode()
    assert set(Decision.objects.values_list("response__reference", "reason")) == {
        (r.reference, RejectReason.SPAM) for r in chosen
    }
    left.refresh_from_db()
    assert left.state == State.PENDING


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Select at least one response"),
        ({"action": "delete", "selected": ["1:0"]}, "Choose an action from the list"),
        ({"action": "approve", "selected": ["1; drop table"]}, "The selection is not valid"),
    ],
)
def test_bad_bulk_requests_give_a_message(signed_in, demo_consultation, data, message):
    page = signed_in.post(reverse("moderation:bulk", kwargs={"slug": demo_consultation.slug}), data, follow=True)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Decision.objects.exists()


def test_moderator_redacts_a_suggested_email_address(signed_in, demo_consultation):
    response = make(demo_consultation, answers={"impact": "Write to me at jo@example.org please."})
    detail = signed_in.get(reverse("moderation:response", kwargs={"reference": response.reference}))
    assert "Email address: <q>jo@example.org</q>" in detail.content.decode()

    signed_in.post(
        reverse("moderation:redact", kwargs={"reference": response.reference}),
        {"field": "impact", "suggestion": "15:29"},
    )

    assert list(Redaction.objects.values_list("field", "start", "end", "reason")) == [
        ("impact", 15, 29, "Email address")
    ]


def test_moderator_redacts_typed_text_without_javascript(signed_in, demo_consultation):
    response = make(demo_consultation, answers={"impact": "Ms Hollis at the centre helped. Ms Hollis is kind."})

    signed_in.post(
        reverse("moderation:redact", kwargs={"reference": response.reference}),
        {"field": "impact", "text": "Ms Hollis", "reason": "Staff member's name"},
    )

    assert list(Redaction.objects.values_list("start", "end")) == [(0, 9), (32, 41)]


def test_typed_text_that_is_not_in_the_answer_gives_a_message(signed_in, demo_consultation):
    response = make(demo_consultation, answers={"impact": "Some words."})

    page = signed_in.post(
        reverse("moderation:redact", kwargs={"reference": response.reference}),
        {"field": "impact", "text": "Other words", "reason": "Name"},
    )

    assert page.status_code == 400
    assert "That text is not in the answer" in page.content.decode()
    assert not Redaction.objects.exists()


def test_moderator_marks_an_organisation_verified(signed_in, moderator, demo_consultation):
    response = make(demo_consultation, respondent_type=RespondentType.COUNCIL, organisation_name="Norwich City Council")

    page = signed_in.post(
        reverse("moderation:verify", kwargs={"reference": response.reference}), {"version": 0}, follow=True
    )

    assert "The organisation is marked as verified" in page.content.decode()
    assert Response.objects.get().organisation_verified
    assert Decision.objects.get().actor == moderator


def test_stored_script_is_escaped_on_every_staff_page(signed_in, demo_consultation):
    response = make(
        demo_consultation,
        respondent_type=RespondentType.VOLUNTARY,
        organisation_name=SCRIPT,
        name=SCRIPT,
        answers={"impact": SCRIPT, "services_used": [SCRIPT]},
    )
    signed_in.post(
        reverse("moderation:decide", kwargs={"reference": response.reference}),
        {"version": 0, "decision": State.REJECTED, "reason": RejectReason.OTHER, "note": SCRIPT},
    )

    for url in [
        reverse("moderation:home"),
        queue_url(demo_consultation),
        queue_url(demo_consultation) + "?q=" + SCRIPT,
        reverse("moderation:response", kwargs={"reference": response.reference}),
    ]:
        html = signed_in.get(url).content.decode()
        assert SCRIPT not in html, url
    assert "&lt;script&gt;" in html
