"""Benchmark (not a test): how fast the results page answers at 10,000 and 1,000,000 responses.

Two consultations with the demonstration's questions and centres live side by side in one
PostgreSQL database ("bench-results-10000" and "bench-results-1000000", created once and
reused), seeded by `manage.py seed_responses` (COPY). Each figure is the median of several
requests made through Django's test client by an analyst: the whole page, from the request to
the rendered HTML, with its default filter (approved responses), with every state, and the
page of one centre. The grouped queries are timed one by one as well, and the summary
that beat counts ahead for consultations of RESULTS_SUMMARY_FROM (100,000) responses or more.

    .venv/bin/python bench/results.py [--sizes 10000 1000000] [--runs 5] [--database-url URL]

The database defaults to portal_results_bench on 127.0.0.1. Goal: under 2 s at 1,000,000.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_results_bench"


def manage(database_url: str, *args: str) -> None:
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "seed_demo")
    import django

    django.setup()


def consultation_ensure(size: int):
    """A consultation with the demonstration's questions and centres, for ``size`` responses."""
    from django.utils import timezone

    from consultation.demo import DEMO_SLUG
    from consultation.models import Consultation

    demo = Consultation.objects.get(slug=DEMO_SLUG)
    now = timezone.now()
    consultation, created = Consultation.objects.get_or_create(
        slug=f"bench-results-{size}",
        defaults=dict(
            title=f"Benchmark: results at {size:,} responses",
            summary="Benchmark",
            opens_at=now - timedelta(days=56),
            closes_at=now - timedelta(minutes=1),
            published_at=now - timedelta(days=56),
        ),
    )
    if created:
        consultation.centres.set(demo.centres.all())
        for question in demo.questions.all():
            question.pk, question.consultation = None, consultation
            question.save()
    return consultation


def fill(database_url: str, consultation, size: int) -> None:
    have = consultation.responses.count()
    if have < size:
        print(f"Seeding {size - have:,} responses into {consultation.slug}...", flush=True)
        began = time.monotonic()
        manage(database_url, "seed_responses", "--consultation", consultation.slug, "--count", str(size - have))
        print(f"  seeded in {time.monotonic() - began:.0f} s", flush=True)


def median_seconds(read, runs: int) -> float:
    read()  # warm the caches; not counted
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        read()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def analyst():
    from django.contrib.auth import get_user_model

    from staff.roles import ANALYST, roles_ensure

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst", defaults={"is_staff": True})
    user.groups.add(roles_ensure()[ANALYST])
    return user


def page_reader(client, url: str):
    def read():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return read


def measure(consultation, runs: int) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse

    from responses.models import State
    from responses.results import aggregation as sql
    from responses.results import counting

    client = Client()
    client.force_login(analyst())
    page = reverse("results:consultation", kwargs={"slug": consultation.slug})
    busiest = consultation.centres.order_by("name").first()
    centre = reverse("results:centre", kwargs={"slug": consultation.slug, "centre": busiest.slug})
    approved = consultation.responses.filter(state=State.APPROVED)
    aliases = sql.Aliases.of(list(consultation.questions.all()))
    reads = {
        "results page (approved, the default)": page_reader(client, page),
        "results page, every state": page_reader(client, page + "?state="),
        "results page, counted live (a date filter)": page_reader(client, page + "?submitted_from=2000-01-01"),
        "one centre's page": page_reader(client, centre),
        "  query: cube (type, channel, answers)": lambda: sql.cube(approved, aliases),
        "  query: by district of centres chosen": lambda: sql.district_cube(approved, aliases),
        "  query: centres chosen by type": lambda: sql.centre_counts(approved),
        "  query: responses per day": lambda: sql.daily(approved),
    }
    # What beat does every few minutes; the page then reads it (above RESULTS_SUMMARY_FROM).
    began = time.perf_counter()
    counting.summary_count(consultation)
    counted = time.perf_counter() - began
    figures = {label: median_seconds(read, runs) for label, read in reads.items()}
    figures["summary counted ahead (beat, once)"] = counted
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection

    figures = {}
    for size in args.sizes:
        consultation = consultation_ensure(size)
        fill(args.database_url, consultation, size)
        figures[size] = measure(consultation, args.runs)
    print(f"\nPostgreSQL {connection.pg_version}; CPU cores: {os.cpu_count()}; median of {args.runs} runs, seconds\n")
    print(f"{'':42}" + "".join(f"{size:>14,}" for size in args.sizes))
    for label in next(iter(figures.values())):
        print(f"{label:42}" + "".join(f"{figures[size][label]:>14.3f}" for size in args.sizes))
    record(figures, args.sizes)


def record(figures: dict, sizes: list[int]) -> None:
    """The goals in bench/results/results.json: under 2 s at the largest size, within 1.5 x the smallest."""
    from bench import report

    small, large = min(sizes), max(sizes)
    default = "results page (approved, the default)"
    rows = [
        report.row(
            f"{default}, {large:,} responses",
            figures[large][default],
            "s",
            goal="under 2 s",
            met=figures[large][default] < 2,
        )
    ]
    for label in ("results page (approved, the default)", "results page, every state", "one centre's page"):
        rows.append(
            report.row(
                f"{label}, {large:,} responses",
                figures[large][label],
                "s",
                baseline=f"the same at {small:,}",
                baseline_value=figures[small][label],
                goal="at most 1.5 x the baseline",
                met=figures[large][label] <= 1.5 * figures[small][label],
            )
        )
    report.record("results", rows)


if __name__ == "__main__":
    main()
