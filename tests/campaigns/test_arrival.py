"""Grouping as responses arrive: after the commit, never in the respondent's way."""

from campaigns.models import Membership
from campaigns.tasks import campaign_enqueue, group_ungrouped_responses
from responses.respond import tasks
from responses.respond.services import response_submit
from tests.campaigns.conftest import LETTER


def submit(consultation, text: str):
    return response_submit(
        consultation=consultation, respondent_type="resident", consent="anonymous", answers={"impact": text}
    )


def test_each_response_is_queued_for_grouping_once_it_is_stored(
    demo_consultation, django_capture_on_commit_callbacks, monkeypatch
):
    published, queued = [], []
    monkeypatch.setattr(tasks.response_stored, "delay", published.append)
    monkeypatch.setattr("campaigns.tasks.group_new_response.delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(demo_consultation, LETTER)

    # One message after the commit; the worker running it queues the grouping.
    assert published == [response.pk] and queued == []
    tasks.response_stored(response.pk)
    assert queued == [response.pk]


def test_a_response_is_stored_when_grouping_cannot_be_queued_and_beat_groups_it_later(
    demo_consultation, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(response_id):
        raise ConnectionError("Redis is not there")

    monkeypatch.setattr(tasks.response_stored, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(demo_consultation, LETTER)
        second = submit(demo_consultation, LETTER.replace("Acle", "Diss"))

    assert first.pk and second.pk and "group_ungrouped_responses" in caplog.text
    assert not Membership.objects.exists()
    assert group_ungrouped_responses() == 2
    assert Membership.objects.filter(response__in=[first, second]).values("group").distinct().count() == 1
    assert group_ungrouped_responses() == 0


def test_queueing_reports_whether_the_broker_took_it(monkeypatch):
    monkeypatch.setattr("campaigns.tasks.group_new_response.delay", lambda pk: None)
    assert campaign_enqueue(response_id=1)
