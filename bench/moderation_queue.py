"""How fast the moderation queue reads with many responses. Not a test: it prints figures.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_moderation_bench
    .venv/bin/python manage.py migrate && .venv/bin/python bench/moderation_queue.py --rows 1000000

Rows go into a consultation of their own ("bench-moderation"), created once and reused.
Each figure is the median of several runs of the same read the queue page makes.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultation.models import Consultation  # noqa: E402
from responses import counts  # noqa: E402
from responses.models import Consent, RespondentType, Response, State  # noqa: E402
from responses.moderation import queue  # noqa: E402
from responses.moderation.queue import SEARCH_DOCUMENT as DOCUMENT  # noqa: E402

WORDS = [
    "centre",
    "family",
    "travel",
    "bus",
    "nursery",
    "playgroup",
    "outreach",
    "health",
    "visitor",
    "library",
    "village",
    "cost",
    "staff",
]
BATCH = 10_000


def consultation_ensure() -> Consultation:
    now = timezone.now()
    consultation, _ = Consultation.objects.get_or_create(
        slug="bench-moderation",
        defaults=dict(title="Benchmark", summary="Benchmark", opens_at=now - timedelta(days=60), closes_at=now),
    )
    return consultation


def fill(consultation: Consultation, rows: int) -> None:
    """Add rows until there are ``rows``. On PostgreSQL the search index is dropped while
    loading and rebuilt after (as a bulk load would), and its build time is printed."""
    have = consultation.responses.count()
    if have >= rows:
        return
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS response_search_idx")
    start = timezone.now() - timedelta(days=56)
    rng = random.Random(1)
    for offset in range(have, rows, BATCH):
        batch = [
            Response(
                consultation=consultation,
                reference=f"BEN-{n:08d}",
                respondent_type=rng.choice(RespondentType.values),
                organisation_name=rng.choice(["", "", "", "Ashill Parish Council", "Home-Start Norfolk"]),
                consent=rng.choice(Consent.values),
                state=rng.choices(State.values, weights=[50, 35, 10, 5])[0],
                submitted_at=start + timedelta(seconds=n * 56 * 86400 // rows),
                answers={"impact": " ".join(rng.choices(WORDS, k=12)), "proposal_agreement": "disagree"},
            )
            for n in range(offset, min(offset + BATCH, rows))
        ]
        Response.objects.bulk_create(batch)
        print(f"  inserted {offset + len(batch):,}", end="\r", flush=True)
    print()
    if postgres:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX response_search_idx ON responses_response USING gin ({DOCUMENT})")
        print(f"  search index built in {time.perf_counter() - began:.1f} s")


def median_ms(read, runs=7) -> float:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        read()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    consultation = consultation_ensure()
    fill(consultation, args.rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE responses_response")
    responses = consultation.responses.all()
    middle = Response.objects.filter(consultation=consultation).order_by("submitted_at")[args.rows // 2]
    cursor = queue.Cursor.of(middle)
    reads = {
        "counts per state (one grouped query)": lambda: counts.state_counts(consultation),
        "first page, newest first": lambda: queue.keyset_page(responses, size=50, newest_first=True),
        "page from the middle (keyset)": lambda: queue.keyset_page(responses, size=50, newest_first=True, after=cursor),
        "pending only, page from the middle": lambda: queue.keyset_page(
            responses.filter(state=State.PENDING), size=50, newest_first=True, after=cursor
        ),
        "full-text search 'playgroup nursery'": lambda: queue.keyset_page(
            queue.search(responses, "playgroup nursery"), size=50, newest_first=True
        ),
        "full-text search 'Ashill'": lambda: queue.keyset_page(
            queue.search(responses, "Ashill"), size=50, newest_first=True
        ),
    }
    print(f"{consultation.responses.count():,} responses on {connection.vendor}")
    for label, read in reads.items():
        print(f"  {label:45} {median_ms(read):8.1f} ms")


if __name__ == "__main__":
    main()
