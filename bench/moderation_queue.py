"""How fast the moderation queue and the published page read at a million responses, beside ten thousand.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_moderation_bench
    .venv/bin/python manage.py migrate && .venv/bin/python bench/moderation_queue.py --rows 1000000

Two consultations share the table: "bench-moderation" with --rows responses and
"bench-moderation-small" with --small (10,000), filled alike (bench/moderation_fill.py). Each read
the queue page makes (the counts; the first page under every filter it offers, and searches; a
page from the middle) and each the published page makes (its count and page, under each of its
filters) is timed on both sizes in alternating rounds, and the large one must take at most 1.5
times the small one (issue 17). Rows are created once and reused. Each figure is the median of
the rounds; the figures go to bench/results/moderation_queue.json.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from urllib.parse import urlencode  # noqa: E402

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from bench import report  # noqa: E402
from bench.moderation_fill import consultation_ensure, fill  # noqa: E402
from campaigns import queries as campaigns  # noqa: E402
from centres.models import District  # noqa: E402
from consultation.models import Consultation  # noqa: E402
from responses.counts import services as counts  # noqa: E402
from responses.models import Response  # noqa: E402
from responses.moderation import queue  # noqa: E402
from responses.moderation.forms import queue_filters  # noqa: E402
from responses.moderation.queue import SEARCH_DOCUMENT as DOCUMENT  # noqa: E402
from responses.published.views import published_page as published_view_page  # noqa: E402

GOAL_RATIO = 1.5
ROUNDS = 11

# Every filter the queue offers (responses/filters.py QUEUE_FILTERS), each on its own, and a
# search with a state; {centre}, {group} and the dates are filled per consultation.
QUEUE_PAGES = {
    "queue: first page, newest first": {},
    "queue: first page, oldest first": {"sort": "oldest"},
    "queue: waiting for a decision": {"state": "pending"},
    "queue: approved": {"state": "approved"},
    "queue: rejected": {"state": "rejected"},
    "queue: flagged": {"state": "flagged"},
    "queue: respondent type (parish council)": {"respondent_type": "parish_council"},
    "queue: organisations": {"kind": "organisation"},
    "queue: individuals": {"kind": "individual"},
    "queue: sent by paper": {"channel": "paper"},
    "queue: centre chosen": {"centre": "bench-centre-3"},
    "queue: district of a centre": {"district": District.NORWICH},
    "queue: has an attachment": {"attachment": "yes"},
    "queue: no attachment": {"attachment": "no"},
    "queue: sent in one week": {"submitted_from": "{week_from}", "submitted_to": "{week_to}"},
    "queue: in a campaign": {"campaign": "yes"},
    "queue: not in a campaign": {"campaign": "no"},
    "queue: one campaign group": {"campaign": "{group}"},
    "queue: search 'playgroup nursery'": {"q": "playgroup nursery"},
    "queue: search 'Ashill'": {"q": "Ashill"},
    "queue: search 'Ashill', waiting only": {"q": "Ashill", "state": "pending"},
}
PUBLISHED_PAGES = {
    "published page: first page": {},
    "published page: respondent type (resident)": {"respondent_type": "resident"},
    "published page: centre": {"centre": "bench-centre-3"},
}


def _filled(data: dict, values: dict) -> dict:
    return {key: value.format(**values) for key, value in data.items()}


def queue_reads(consultation: Consultation, rows: int) -> dict:
    responses = consultation.responses.all()
    ordered = Response.objects.filter(consultation=consultation).order_by("submitted_at")
    middle = ordered[rows // 2]
    week_from = middle.submitted_at.date()
    values = {
        "week_from": week_from.isoformat(),
        "week_to": (week_from + timedelta(days=6)).isoformat(),
        "group": f"BEN{consultation.pk}-2",
    }
    centres = list(consultation.centres.order_by("name"))
    choices = campaigns.campaign_choices(consultation.pk)

    def queue_page(data: dict, after=None):
        filters = queue_filters(_filled(data, values), responses, centres=centres, campaigns=choices)
        assert filters.is_valid(), filters.form.errors
        newest = filters.form.newest_first
        return lambda: queue.keyset_page(filters.qs, size=50, newest_first=newest, after=after)

    def published_page(data: dict, after=None):
        query = QueryDict(urlencode(data | ({"after": str(after), "page": 2} if after else {})))

        def read():
            form, found = published_view_page(consultation, query)
            return found.count, list(found.rows)

        return read

    reads = {"queue: counts per state": lambda: counts.state_counts(consultation)}
    reads |= {label: queue_page(data) for label, data in QUEUE_PAGES.items()}
    reads["queue: page from the middle (keyset)"] = queue_page({}, after=queue.Cursor.of(middle))
    reads["queue: waiting, page from the middle"] = queue_page({"state": "pending"}, after=queue.Cursor.of(middle))
    reads |= {label: published_page(data) for label, data in PUBLISHED_PAGES.items()}
    reads["published page: page from the middle"] = published_page({}, after=queue.Cursor.of(middle))
    return reads


def median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def timed(read) -> float:
    began = time.perf_counter()
    read()
    return time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000, help="responses in the consultation compared against")
    args = parser.parse_args()
    large, small = consultation_ensure("bench-moderation"), consultation_ensure("bench-moderation-small")
    fill(small, args.small, DOCUMENT)
    fill(large, args.rows, DOCUMENT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    reads_large, reads_small = queue_reads(large, args.rows), queue_reads(small, args.small)
    print(f"{args.small:,} and {args.rows:,} responses on {connection.vendor}; load {os.getloadavg()[0]:.2f}")
    print(f"  {'':48} {'small':>9} {'large':>9} {'ratio':>6}   (fastest rounds: ratio)")
    rows = []
    for label, read in reads_large.items():
        read(), reads_small[label]()  # once each first, so neither pays for a cold cache alone
        small_s, large_s = [], []
        for _ in range(ROUNDS):  # alternating rounds: a busy moment hits both sizes alike
            small_s.append(timed(reads_small[label]))
            large_s.append(timed(read))
        small_ms, large_ms = median_ms(small_s), median_ms(large_s)
        ratio = large_ms / small_ms
        # The fastest rounds show the cost with the least of other programs' noise in it.
        fastest = min(large_s) / min(small_s)
        print(f"  {label:48} {small_ms:7.2f} ms {large_ms:7.2f} ms {ratio:6.2f}   ({fastest:.2f})", flush=True)
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
    print(f"  load average after: {Path('/proc/loadavg').read_text().strip()}")
    report.record("moderation_queue", rows)


if __name__ == "__main__":
    main()
