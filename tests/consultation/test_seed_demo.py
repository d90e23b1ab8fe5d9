import pytest
from django.core.management import call_command

from responses.models import Response

pytestmark = pytest.mark.django_db


def test_the_demo_gets_sample_responses_once_however_often_it_is_set_up(settings):
    settings.DEBUG = True
    for _ in range(2):
        call_command("seed_demo", "--staff-accounts", "--responses", "30")

    assert Response.objects.count() == 30
    assert Response.objects.filter(state="pending").exists()
