"""We asked, you said, we did: written by managers, public only once published, figures frozen then."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from outcome.models import Outcome
from responses.models import RespondentType, State
from tests.factories import ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(demo_consultation):
    now = timezone.now()
    demo_consultation.opens_at = now - datetime.timedelta(days=60)
    demo_consultation.closes_at = now - datetime.timedelta(days=1)
    demo_consultation.save()
    for answer in ("strongly_disagree", "strongly_disagree", "agree"):
        ResponseFactory(consultation=demo_consultation, state=State.APPROVED, answers={"proposal_agreement": answer})
    ResponseFactory(
        consultation=demo_consultation,
        state=State.APPROVED,
        respondent_type=RespondentType.PARISH_COUNCIL,
        organisation_name="Acle Parish Council",
        answers={"proposal_agreement": "disagree"},
    )
    ResponseFactory(consultation=demo_consultation, state=State.REJECTED, answers={"proposal_agreement": "agree"})
    return demo_consultation


def write(client, manager, consultation, **changes):
    client.force_login(manager)
    data = {
        "themes": "Travel to a district base worried rural families.",
        "decision": "The council kept 15 bases.",
        "charts": ["respondent-type", "q-proposal_agreement"],
        "decision_stage": "",
    } | changes
    return client.post(reverse("outcome_staff:edit", kwargs={"slug": consultation.slug}), data)


def publish(client, consultation):
    return client.post(reverse("outcome_staff:publish", kwargs={"slug": consultation.slug}), {"action": "publish"})


def outcome_url(consultation):
    return reverse("outcome:page", kwargs={"slug": consultation.slug})


def test_the_outcome_page_shows_nothing_before_publication(client, manager, closed):
    assert client.get(outcome_url(closed)).status_code == 404

    write(client, manager, closed)
    client.logout()

    assert client.get(outcome_url(closed)).status_code == 404
    assert "We asked, you said, we did" not in client.get(closed.get_absolute_url()).content.decode()


def test_a_published_outcome_tells_what_was_asked_said_and_decided(client, manager, closed, centres):
    from centres.models import Stage

    write(client, manager, closed, decision_stage=Stage.objects.get(slug="final").pk)
    assert publish(client, closed)["Location"] == outcome_url(closed)
    client.logout()

    html = client.get(outcome_url(closed)).content.decode()

    assert "We asked" in html and "You said" in html and "We did" in html
    assert "Travel to a district base worried rural families." in html
    assert "The council kept 15 bases." in html
    assert "We counted <strong>4 responses</strong>" in html  # approved only
    assert "Net agreement with" in html and "−50 points" in html
    assert "<strong>15 centres kept</strong> and <strong>38 to close</strong>" in html
    assert "/centres/?stage=final" in html
    assert 'role="img"' in html and "style=" not in html


def test_figures_are_frozen_when_the_outcome_is_published(client, manager, closed):
    write(client, manager, closed)
    publish(client, closed)

    ResponseFactory(consultation=closed, state=State.APPROVED, answers={"proposal_agreement": "agree"})

    assert "We counted <strong>4 responses</strong>" in client.get(outcome_url(closed)).content.decode()
    download = client.get(reverse("outcome:table", kwargs={"slug": closed.slug, "key": "respondent-type"}))
    assert "Parent or carer,3,75%" in download.content.decode()


def test_the_outcome_is_linked_from_the_consultation_home_and_published_responses(client, manager, closed):
    write(client, manager, closed)
    publish(client, closed)
    client.logout()
    link = outcome_url(closed)

    assert link in client.get(closed.get_absolute_url()).content.decode()
    assert link in client.get(reverse("home")).content.decode()
    assert link in client.get(reverse("published:list", kwargs={"slug": closed.slug})).content.decode()


def test_the_published_responses_are_linked_as_soon_as_one_is_published(client, demo_consultation):
    page = reverse("published:list", kwargs={"slug": demo_consultation.slug})
    assert page not in client.get(demo_consultation.get_absolute_url()).content.decode()

    ResponseFactory(consultation=demo_consultation, state=State.APPROVED)

    assert page in client.get(demo_consultation.get_absolute_url()).content.decode()


def test_an_open_consultation_cannot_publish_its_outcome(client, manager, demo_consultation):
    write(client, manager, demo_consultation)

    page = publish(client, demo_consultation)

    assert Outcome.objects.get().published_at is None
    assert "once the consultation has closed" in client.get(page["Location"]).content.decode()


def test_a_missing_decision_is_a_message_on_the_page(client, manager, closed):
    page = write(client, manager, closed, decision="")

    assert page.status_code == 400
    assert "Enter what the council decided" in page.content.decode()


def test_taking_the_outcome_down_hides_it_again(client, manager, closed):
    write(client, manager, closed)
    publish(client, closed)

    client.post(reverse("outcome_staff:publish", kwargs={"slug": closed.slug}), {"action": "withdraw"})

    assert client.get(outcome_url(closed)).status_code == 404


@pytest.mark.parametrize("role", ["analyst", "moderator", "staff_without_role"])
def test_only_consultation_managers_write_outcomes(client, request, closed, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("outcome_staff:edit", kwargs={"slug": closed.slug})).status_code == 403
    assert write(client, request.getfixturevalue(role), closed).status_code == 403


def test_the_closed_norfolk_demonstration_has_a_published_outcome(client, centres, settings):
    from django.core.management import call_command

    for _ in range(2):  # twice is safe
        call_command("seed_demo", "--closed-responses", "40", stdout=io.StringIO())

    html = client.get(reverse("outcome:page", kwargs={"slug": "norfolk-childrens-centres-2018"})).content.decode()
    assert "the responses and their figures are made up" in html
    from responses.models import Response

    closed = Response.objects.filter(consultation__slug="norfolk-childrens-centres-2018")
    assert closed.count() == 40
    assert not closed.filter(state__in=[State.PENDING, State.FLAGGED]).exists()
    assert f"We counted <strong>{closed.filter(state=State.APPROVED).count()} responses</strong>" in html
    assert "ran from 17 September 2018 to 12 November 2018" in html
    assert "15 centres kept" in html
    home = client.get(reverse("home")).content.decode()
    assert "Future of children&#x27;s centres in Norfolk, 2018 (closed demonstration)" in home
