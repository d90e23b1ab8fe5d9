"""How fast the moderation queue and the published page read at a million responses, beside ten thousand.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_moderation_bench
    .venv/bin/python manage.py migrate && .venv/bin/python bench/moderation_queue.py --rows 1000000

Two consultations share the table: "bench-moderation" with --rows responses and
"bench-moderation-small" with --small (10,000). Each read the queue page makes (the counts,
first page, a page from the middle, a filter, two searches) is timed on both, in turns, and the
large one must take at most 1.5 times the small one (issue 17). Rows are created once and reused.
Each figure is the median of several runs; the figures go to bench/results/moderation_queue.json.
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

from bench import report  # noqa: E402
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


GOAL_RATIO = 1.5


def consultation_ensure(slug: str) -> Consultation:
    now = timezone.now()
    consultation, _ = Consultation.objects.get_or_create(
        slug=slug,
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
                reference=f"BEN-{consultation.pk}-{n:08d}",
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


def queue_reads(consultation: Consultation, rows: int) -> dict:
    responses = consultation.responses.all()
    middle = Response.objects.filter(consultation=consultation).order_by("submitted_at")[rows // 2]
    cursor = queue.Cursor.of(middle)
    return {
        "counts per state, cached": lambda: counts.state_counts(consultation),
        "counts per state, not cached (one grouped query)": lambda: (
            counts.state_counts_forget(consultation.pk),
            counts.state_counts(consultation),
        ),
        "first page, newest first": lambda: queue.keyset_page(responses, size=50, newest_first=True),
        "page from the middle (keyset)": lambda: queue.keyset_page(responses, size=50, newest_first=True, after=cursor),
        "pending only, page from the middle": lambda: queue.keyset_page(
            responses.filter(state=State.PENDING), size=50, newest_first=True, after=cursor
        ),
        "published page: approved only, first page": lambda: queue.keyset_page(
            responses.filter(state=State.APPROVED), size=50, newest_first=True
        ),
        "full-text search 'playgroup nursery'": lambda: queue.keyset_page(
            queue.search(responses, "playgroup nursery"), size=50, newest_first=True
        ),
        "full-text search 'Ashill'": lambda: queue.keyset_page(
            queue.search(responses, "Ashill"), size=50, newest_first=True
        ),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000, help="responses in the consultation compared against")
    args = parser.parse_args()
    large, small = consultation_ensure("bench-moderation"), consultation_ensure("bench-moderation-small")
    fill(small, args.small)
    fill(large, args.rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE responses_response")
    reads_large, reads_small = queue_reads(large, args.rows), queue_reads(small, args.small)
    print(f"{args.small:,} and {args.rows:,} responses on {connection.vendor}")
    print(f"  {'':45} {'small':>9} {'large':>9} {'ratio':>6}")
    rows = []
    for label, read in reads_large.items():
        small_ms, large_ms = median_ms(reads_small[label]), median_ms(read)
        ratio = large_ms / small_ms
        print(f"  {label:45} {small_ms:7.1f} ms {large_ms:7.1f} ms {ratio:6.2f}")
        rows.append(
            report.row(
                f"{label}, {args.rows:,} responses",
                large_ms,
                "ms",
                baseline=f"the same at {args.small:,}",
                baseline_value=small_ms,
                goal=f"at most {GOAL_RATIO} x the baseline",
                met=ratio <= GOAL_RATIO,
            )
        )
    report.record("moderation_queue", rows)


if __name__ == "__main__":
    main()
