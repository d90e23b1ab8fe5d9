"""Benchmark (not a test): how well and how fast campaign responses are grouped.

For each size asked for (100,000 by default), in its own PostgreSQL database: seed that
many labelled responses (seed_responses marks each campaign letter with its campaign),
group them all in a fresh subprocess (the work of `manage.py group_campaigns`, timed, with
its peak memory), then report

  - pairwise precision and recall over responses: of the pairs of responses put in one
    group, how many come from one campaign; of the pairs from one campaign, how many were
    put in one group;
  - the time to group the whole consultation;
  - the time to group one more response as it arrives (the Celery task's work), median and
    95th percentile over --incremental new responses.

Usage: python bench/campaigns.py [--rows 100000 1000000] [--incremental 200] [--database-url URL]
Goals: precision and recall at least 0.95; a million responses in under 10 minutes;
one response under 100 ms.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_campaigns_bench"
SLUG = "norfolk-childrens-centres"


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))  # a script run from bench/ imports the project
    import django

    django.setup()


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def quality(consultation_id: int) -> dict:
    """Pairwise precision and recall of the groups against the seed's labels."""
    from collections import Counter

    from campaigns.models import Membership, SeedLabel
    from responses.models import Response

    groups = dict(
        Membership.objects.filter(group__consultation_id=consultation_id).values_list("response_id", "group_id")
    )
    labels = dict(
        SeedLabel.objects.filter(response__consultation_id=consultation_id).values_list("response_id", "campaign")
    )
    ids = Response.objects.filter(consultation_id=consultation_id).values_list("id", flat=True)
    # A response alone (no group, no label) is a group or campaign of its own.
    cells, found, truth = Counter(), Counter(), Counter()
    for pk in ids.iterator(50_000):
        group, label = groups.get(pk, ("alone", pk)), labels.get(pk, ("alone", pk))
        cells[(group, label)] += 1
        found[group] += 1
        truth[label] += 1
    both = sum(pairs(n) for n in cells.values())
    predicted, actual = sum(pairs(n) for n in found.values()), sum(pairs(n) for n in truth.values())
    return {
        "precision": both / predicted if predicted else 1.0,
        "recall": both / actual if actual else 1.0,
        "groups": len({g for g in groups.values()}),
        "campaigns": len(set(labels.values())),
        "grouped_responses": len(groups),
        "labelled_responses": len(labels),
    }


def run_full(database_url: str) -> None:
    _django(database_url)
    from campaigns.grouping import group_consultation
    from consultation.models import Consultation

    consultation = Consultation.objects.get(slug=SLUG)
    started = time.monotonic()
    grouped = group_consultation(consultation.pk)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"grouped": grouped, "seconds": seconds, "peak_mb": peak} | quality(consultation.pk)))


def run_incremental(database_url: str, count: int) -> None:
    """Submit ``count`` more responses (a share of them campaign letters) and group each as the task does."""
    _django(database_url)
    import random

    from campaigns import seed_texts
    from campaigns.grouping import group_response
    from consultation.models import Consultation
    from responses.models import Response

    consultation = Consultation.objects.get(slug=SLUG)
    rng, timings = random.Random(5), []
    quote = seed_texts.quotation(consultation.body)
    for n in range(count):
        impact, other, _label = seed_texts.free_texts(rng, "Acle Children's Centre", quote)
        response = Response.objects.create(
            consultation=consultation,
            reference=f"NCC-BNCH-{n:04d}{rng.randrange(10**6):06d}",
            respondent_type="parent_carer",
            consent="anonymous",
            answers={"impact": impact, "anything_else": other},
        )
        started = time.perf_counter()
        group_response(response.pk)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(json.dumps({"median_ms": statistics.median(timings), "p95_ms": timings[int(len(timings) * 0.95) - 1]}))


def manage(database_url: str, *args: str) -> None:
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


def prepare(database_url: str, rows: int) -> None:
    """A fresh database with ``rows`` seeded responses and nothing grouped."""
    from bench import databases

    databases.recreate(database_url)
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "seed_demo")
    manage(database_url, "seed_responses", "--consultation", SLUG, "--count", str(rows), "--seed", "1")


def child(database_url: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--database-url", database_url, *args]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--incremental", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--run", choices=["full", "incremental"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run == "full":
        return run_full(args.database_url)
    if args.run == "incremental":
        return run_incremental(args.database_url, args.incremental)
    sys.path.insert(0, str(ROOT))
    from bench import report

    rows_kept = []
    for rows in args.rows:
        prepare(args.database_url, rows)
        full = child(args.database_url, "--run", "full")
        incremental = child(args.database_url, "--run", "incremental", "--incremental", str(args.incremental))
        print(f"\n{rows:,} responses")
        print(f"  full grouping: {full['seconds']:.1f} s, peak memory {full['peak_mb']:.0f} MB")
        print(f"  precision {full['precision']:.4f}, recall {full['recall']:.4f}")
        print(
            f"  {full['grouped_responses']:,} responses in {full['groups']:,} groups;"
            f" {full['labelled_responses']:,} labelled from {full['campaigns']} campaigns"
        )
        print(
            f"  one more response: median {incremental['median_ms']:.1f} ms,"
            f" 95th percentile {incremental['p95_ms']:.1f} ms"
        )
        rows_kept += [
            report.row(
                f"precision of the grouping, {rows:,} responses",
                full["precision"],
                "",
                goal="at least 0.95",
                met=full["precision"] >= 0.95,
            ),
            report.row(
                f"recall of the grouping, {rows:,} responses",
                full["recall"],
                "",
                goal="at least 0.95",
                met=full["recall"] >= 0.95,
            ),
            report.row(
                f"full grouping of {rows:,} responses",
                full["seconds"],
                "s",
                goal="1,000,000 in under 10 min",
                met=full["seconds"] < 600 if rows >= 1_000_000 else full["seconds"] * 1_000_000 / rows < 600,
            ),
            report.row(
                "grouping one more response (median)",
                incremental["median_ms"],
                "ms",
                goal="under 100 ms",
                met=incremental["median_ms"] < 100,
            ),
        ]
    report.record("campaigns", rows_kept)


if __name__ == "__main__":
    main()
