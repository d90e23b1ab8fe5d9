"""The builder's "Ask the optional equality monitoring questions" box, and what residents then see."""

import datetime
import re

import pytest
from django.utils import timezone

from consultation.models import Consultation
from tests.factories import QuestionFactory
from tests.responses.respond.journey import fill_in, url

from .test_pages import create_form

pytestmark = pytest.mark.django_db


def ticked(page: str) -> bool:
    box = re.search(r'<input[^>]*name="equality_monitoring"[^>]*>', page)
    assert box, "The edit page has no equality monitoring box"
    return "checked" in box.group(0)


@pytest.mark.parametrize(("box", "next_step"), [({"equality_monitoring": "on"}, "equality"), ({}, "check")])
def test_the_equality_box_is_saved_shown_when_editing_and_decides_the_equality_page(client, manager, box, next_step):
    client.force_login(manager)

    created = client.post("/staff/consultations/new/", create_form(**box))
    consultation = Consultation.objects.get()
    edit_page = client.get(f"/staff/consultations/{consultation.pk}/edit/").content.decode()

    assert created.status_code == 302
    assert consultation.equality_monitoring is bool(box)
    assert ticked(edit_page) is bool(box)
    assert "Ask the optional equality monitoring questions" in edit_page

    QuestionFactory(consultation=consultation, slug="how_it_affects_you", text="How would it affect you?")
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        published_at=now - datetime.timedelta(minutes=2), opens_at=now - datetime.timedelta(minutes=1)
    )
    client.logout()
    after_questions = fill_in(client, consultation, answers={"q_how_it_affects_you": "I could not go after work."})

    assert after_questions.status_code == 302 and after_questions.url == url(consultation, next_step)
