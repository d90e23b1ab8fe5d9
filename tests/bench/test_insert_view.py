"""The load benchmark's ceiling, the one-row insert view, works: a broken ceiling makes every ratio meaningless."""

import pytest

from responses.models import Response

pytestmark = pytest.mark.django_db


def test_the_bench_insert_view_stores_one_row_in_the_open_consultation(client, settings, demo_consultation):
    settings.ROOT_URLCONF = "bench.urls"

    answer = client.post("/bench/insert-one-row", {"impact": "bench"})

    assert answer.status_code == 200
    stored = Response.objects.get(reference=answer.content.decode())
    assert (stored.consultation, stored.answers) == (demo_consultation, {"impact": "bench"})
