"""Benchmark (not a test): how fast the results page answers at 10,000 and 1,000,000 responses.

Two consultations with the demonstration's questions and centres live side by side in one
PostgreSQL database ("bench-results-10000" and "bench-results-1000000", created once and
reused), seeded by `manage.py seed_responses` (COPY). Each figure is the median of several
requests made through Django's test client by an analyst: the whole page, from the request to
the rendered HTML. The grouped queries are timed one by one as well, and the summary
that beat counts ahead for consultations of RESULTS_SUMMARY_FROM (100,000) responses or more.
Each page is measured with every filter the page offers (one at a time, and a few together),
the sizes alternating within each round so that both see the same load.

    nice -n 10 .venv/bin/python bench/results.py [--sizes 10000 1000000] [--runs 5] [--queries] [--database-url URL]

The database defaults to portal_results_bench on 127.0.0.1. Goals: the default page under
2 s at 1,000,000, and every page at 1,000,000 within 1.5 x the same page at 10,000.
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


def analyst():
    from django.contrib.auth import get_user_model

    from staff.roles import ANALYST, roles_ensure

    user, _ = get_user_model().objects.get_or_create(username="bench-analyst", defaults={"is_staff": True})
    user.groups.add(roles_ensure()[ANALYST])
    return user


def signed_in():
    """A test client signed in as the analyst with both factors (staff pages need the second)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = analyst()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def page_reader(client, url: str):
    def read():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return read


def pages(consultation) -> dict[str, str]:
    """Every filter the results page offers, one at a time, two together, and a centre's page."""
    from django.urls import reverse

    from centres.models import District
    from responses.models import Channel, RespondentType

    page = reverse("results:consultation", kwargs={"slug": consultation.slug})
    busiest = consultation.centres.order_by("name").first()
    centre = reverse("results:centre", kwargs={"slug": consultation.slug, "centre": busiest.slug})
    first = (consultation.opens_at + timedelta(days=14)).date().isoformat()
    last = (consultation.opens_at + timedelta(days=42)).date().isoformat()
    return {
        "results page (approved, the default)": page,
        "results page, every state": page + "?state=",
        "results page, rejected": page + "?state=rejected",
        "results page, one respondent type": page + f"?respondent_type={RespondentType.RESIDENT}",
        "results page, organisations": page + "?kind=organisation",
        "results page, one channel": page + f"?channel={Channel.PAPER}",
        "results page, one centre": page + f"?centre={busiest.slug}",
        "results page, one district": page + f"?district={District.NORWICH}",
        "results page, sent on or after a day": page + f"?submitted_from={first}",
        "results page, sent on or before a day": page + f"?submitted_to={last}",
        "results page, a range of days": page + f"?submitted_from={first}&submitted_to={last}",
        "results page, every state and a centre": page + f"?state=&centre={busiest.slug}",
        "results page, campaign responses left out (live)": page + "?campaign=no",
        "results page, type and channel together (live)": page
        + f"?respondent_type={RespondentType.RESIDENT}&channel={Channel.PAPER}",
        "one centre's page": centre,
        "one centre's page, every state": centre + "?state=",
    }


def queries(consultation) -> dict:
    """The grouped queries a live page runs, timed one by one (``--queries``)."""
    from responses.models import State
    from responses.results import aggregation as sql

    approved = consultation.responses.filter(state=State.APPROVED)
    aliases = sql.Aliases.of(list(consultation.questions.all()))
    return {
        "  query: cube (type, channel, answers)": lambda: sql.cube(approved, aliases),
        "  query: by district of centres chosen": lambda: sql.district_cube(approved, aliases),
        "  query: centres chosen by type": lambda: sql.centre_counts(approved),
        "  query: responses per day": lambda: sql.daily(approved),
    }


def measure(consultations: dict, runs: int, with_queries: bool) -> dict[int, dict[str, float]]:
    """Median seconds per size and figure; the sizes alternate within each round."""
    from responses.results.slices import summary_count

    client = signed_in()
    reads = {}
    for size, consultation in consultations.items():
        reads[size] = {label: page_reader(client, url) for label, url in pages(consultation).items()}
        if with_queries:
            reads[size] |= queries(consultation)
    figures = {size: {} for size in consultations}
    # What beat does every few minutes; the page then reads it (above RESULTS_SUMMARY_FROM).
    for size, consultation in consultations.items():
        began = time.perf_counter()
        summary_count(consultation)
        figures[size]["summary counted ahead (beat, once)"] = time.perf_counter() - began
        print(
            f"  summary of {size:,} counted in {figures[size]['summary counted ahead (beat, once)']:.1f} s", flush=True
        )
    timings = {size: {label: [] for label in reads[size]} for size in consultations}
    for label in reads[next(iter(consultations))]:
        for size in consultations:
            reads[size][label]()  # warm the caches; not counted
        for _ in range(runs):
            for size in consultations:
                began = time.perf_counter()
                reads[size][label]()
                timings[size][label].append(time.perf_counter() - began)
        print(
            f"  {label}: " + ", ".join(f"{statistics.median(timings[size][label]):.3f}" for size in consultations),
            flush=True,
        )
    for size in consultations:
        figures[size] |= {label: statistics.median(found) for label, found in timings[size].items()}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", action="store_true", help="time the live page's grouped queries one by one too")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection

    consultations = {}
    for size in args.sizes:
        consultations[size] = consultation_ensure(size)
        fill(args.database_url, consultations[size], size)
    print(
        f"load average before: {Path('/proc/loadavg').read_text().strip() if Path('/proc/loadavg').exists() else '?'}"
    )
    figures = measure(consultations, args.runs, args.queries)
    print(f"load average after: {Path('/proc/loadavg').read_text().strip() if Path('/proc/loadavg').exists() else '?'}")
    print(f"\nPostgreSQL {connection.pg_version}; CPU cores: {os.cpu_count()}; median of {args.runs} runs, seconds\n")
    print(f"{'':52}" + "".join(f"{size:>14,}" for size in args.sizes))
    for label in figures[args.sizes[0]]:
        print(f"{label:52}" + "".join(f"{figures[size][label]:>14.3f}" for size in args.sizes))
    record(figures, args.sizes)


def record(figures: dict, sizes: list[int]) -> None:
    """The goals in bench/results/results.json: each page within 1.5 x itself at the smallest size."""
    from bench import report

    small, large = min(sizes), max(sizes)
    default = "results page (approved, the default)"
    rows = [
        report.row(
            f"{default} at {large:,}",
            figures[large][default],
            "s",
            goal="under 2 s",
            met=figures[large][default] < 2,
        )
    ]
    for label in figures[large]:
        if label.startswith(("results page", "one centre's page")):
            rows.append(
                report.row(
                    f"{label} at {large:,}",
                    figures[large][label],
                    "s",
                    baseline=f"the same at {small:,}",
                    baseline_value=figures[small][label],
                    goal="at most 1.5 x the baseline",
                    met=figures[large][label] <= 1.5 * figures[small][label],
                )
            )
    summary = "summary counted ahead (beat, once)"
    rows.append(
        report.row(
            f"{summary} at {large:,}",
            figures[large][summary],
            "s",
            goal="within the beat interval (RESULTS_SUMMARY_SECONDS, 300 s)",
            met=figures[large][summary] < 300,
        )
    )
    report.record("results", rows)


if __name__ == "__main__":
    main()
