"""Benchmark (not a test): how fast the CSV export is, against a floor and a naive loop.

Seeds (or reuses) 1,000,000 responses in its own PostgreSQL database, then times,
each in a fresh subprocess that reports its own peak memory:

  (a) a plain COPY of the responses table to a file: the floor;
  (b) the portal's export task (export_build: the COPY path, temporary file, storage),
      as configured (EXPORT_COPY_CONNECTIONS, 2 by default) and on one connection;
  (c) a straightforward ORM loop writing the same columns with csv.writer;
  (x) the export task making the Excel (.xlsx) file (the CSV, then XlsxWriter in constant_memory mode).

(a), both (b) and (x) take turns for --rounds rounds (3 by default); each figure is the median.
An Excel sheet holds 1,048,576 rows, so (x) needs --rows below that (a million fits).

Usage: python bench/export.py [--rows 1000000] [--orm-rows N] [--rounds 3] [--database-url URL]
                              [--no-xlsx] [--no-orm]
(or `make bench-export`; the database defaults to portal_bench on 127.0.0.1).
--orm-rows times (c) on the first N rows only (a million take about 13 minutes);
the ratios compare seconds a row, so a sample compares fairly.
Targets: (b) within 2x of (a), at least 5x faster than (c), (b) under 200 MB peak memory.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script run from bench/ imports the project
from bench import databases, report  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
SLUG = "norfolk-childrens-centres"


def _django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))  # a script run from bench/ imports the project
    import django

    django.setup()


def _report(rows: int, started: float) -> None:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": time.monotonic() - started, "peak_mb": peak_kb / 1024}))


def run_plain_copy(database_url: str, _export_id: str, _limit: int | None = None) -> None:
    import psycopg2

    started = time.monotonic()
    with psycopg2.connect(database_url) as conn, conn.cursor() as cursor, tempfile.TemporaryFile() as file:
        cursor.copy_expert("COPY responses_response TO STDOUT WITH (FORMAT csv)", file)
        rows = cursor.rowcount
    _report(rows, started)


def run_export_task(database_url: str, export_id: str, limit: int | None = None, file_format: str = "csv") -> None:
    _django(database_url)
    from responses.exports.build import export_build
    from responses.exports.csv import LONDON
    from responses.models import Export, Response

    template = Export.objects.get(pk=export_id)  # each run builds a queued export of its own
    filters = {}
    if limit:  # at least `limit` rows: those sent up to the end of the day of the limit-th response
        responses = Response.objects.filter(consultation_id=template.consultation_id).order_by("submitted_at", "id")
        day = responses.values_list("submitted_at", flat=True)[limit - 1].astimezone(LONDON).date()
        filters = {"submitted_to": day.isoformat()}
    fresh = Export.objects.create(
        consultation_id=template.consultation_id,
        requested_by_id=template.requested_by_id,
        format=file_format,
        filters=filters,
    )
    started = time.monotonic()
    export = export_build(export_id=fresh.pk)
    _report(export.rows_written, started)
    export.file.delete(save=False)


def run_orm_loop(database_url: str, _export_id: str, limit: int | None = None) -> None:
    _django(database_url)
    import csv

    from centres.models import Centre
    from consultation.models import Consultation, QuestionKind
    from responses.exports.csv import LONDON
    from responses.models import Response

    started = time.monotonic()
    consultation = Consultation.objects.get(slug=SLUG)
    questions = list(consultation.questions.order_by("order"))
    names = dict(Centre.objects.values_list("slug", "name"))
    responses = (
        Response.objects.filter(consultation=consultation).order_by("submitted_at", "id").prefetch_related("centres")
    )
    responses = (responses[:limit] if limit else responses).iterator(chunk_size=2000)
    rows = 0
    with tempfile.TemporaryFile("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(["reference", "submitted_at", "channel", "respondent_type", "organisation_name"])
        for response in responses:
            cells = [response.reference, response.submitted_at.astimezone(LONDON).isoformat(timespec="seconds")]
            cells += [response.channel, response.respondent_type, response.organisation_name]
            cells += ["yes" if response.organisation_verified else "no", response.state, response.consent]
            for question in questions:
                value = response.answers.get(question.slug)
                if question.kind == QuestionKind.CENTRES:
                    value = [names.get(slug, slug) for slug in value or []]
                cells.append("; ".join(value) if isinstance(value, list) else value or "")
            cells.append("; ".join(sorted(centre.name for centre in response.centres.all())))
            cells.append("yes" if response.attachment else "no")
            writer.writerow(cells)
            rows += 1
    _report(rows, started)


def run_export_task_xlsx(database_url: str, export_id: str, _limit: int | None = None) -> None:
    run_export_task(database_url, export_id, file_format="xlsx")


RUNS = {
    "a": run_plain_copy,
    "b": run_export_task,
    "b1": run_export_task,
    "bs": run_export_task,
    "x": run_export_task_xlsx,
    "c": run_orm_loop,
}
TARGET_RATIO = 1.5  # issue 17: the export at most 1.5 times a plain COPY
LABELS = {
    "a": "(a) plain COPY of the table",
    "b": "(b) the portal's export task",
    "b1": "    (b) on one connection",
    "bs": "    (b) on fewer rows (peak memory)",
    "x": "(x) the export task, Excel (.xlsx)",
    "c": "(c) ORM loop + csv.writer",
}


def manage(database_url: str, *args: str) -> None:
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(database_url: str, rows: int) -> str:
    """Migrate, seed up to `rows` responses, and create a queued export; return its id."""
    databases.ensure(database_url)
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "seed_demo")
    _django(database_url)
    from django.contrib.auth import get_user_model

    from consultation.models import Consultation
    from responses.models import Export, Response

    consultation = Consultation.objects.get(slug=SLUG)
    existing = Response.objects.filter(consultation=consultation).count()
    if existing < rows:
        print(f"Seeding {rows - existing:,} responses (reusing {existing:,})...", flush=True)
        manage(database_url, "seed_responses", "--consultation", SLUG, "--count", str(rows - existing), "--seed", "1")
    user, _ = get_user_model().objects.get_or_create(username="bench")
    return str(Export.objects.create(consultation=consultation, requested_by=user).pk)


def measure(which: str, database_url: str, export_id: str, limit: int | None = None) -> dict:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "PRIVATE_STORAGE_OPTIONS": json.dumps({"location": str(RESULTS / "storage")}),
    }
    if which == "b1":
        env["EXPORT_COPY_CONNECTIONS"] = "1"
    command = [sys.executable, __file__, "--run", which, "--database-url", database_url, "--export-id", export_id]
    if limit:
        command += ["--orm-rows", str(limit)]
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--orm-rows", type=int, default=None, help="time (c) on this many rows only")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (a) and (b) taken in turn")
    parser.add_argument("--no-xlsx", action="store_true", help="leave out (x), the Excel file (slow)")
    parser.add_argument(
        "--memory-rows", type=int, default=100_000, help="also export at least this many rows once, for peak memory"
    )
    parser.add_argument("--no-orm", action="store_true", help="leave out (c), the ORM loop (slow)")
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--export-id", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        RUNS[args.run](args.database_url, args.export_id, args.orm_rows)
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    export_id = prepare(args.database_url, args.rows)
    measure("a", args.database_url, export_id)  # warm the caches; not counted
    # (a), (b) and (b) on one connection take turns, so a busy moment on the machine
    # does not fall on one of them only; each is the median of its rounds.
    rounds: dict[str, list[dict]] = {"a": [], "b": [], "b1": []} | ({} if args.no_xlsx else {"x": []})
    for _ in range(args.rounds):
        for which in rounds:
            rounds[which].append(measure(which, args.database_url, export_id))
    results = {which: sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2] for which, runs in rounds.items()}
    if args.memory_rows < args.rows:
        results["bs"] = measure("bs", args.database_url, export_id, args.memory_rows)
    if not args.no_orm:
        results["c"] = measure("c", args.database_url, export_id, args.orm_rows)
    print(f"\nCPU cores: {os.cpu_count()}; database: {args.database_url.rsplit('/', 1)[1]}; rounds: {args.rounds}\n")
    print(f"{'':34} {'rows':>10} {'seconds':>9} {'rows/s':>10} {'peak MB':>8}")
    for which, result in results.items():
        rows, seconds, peak = result["rows"], result["seconds"], result["peak_mb"]
        print(f"{LABELS[which]:34} {rows:>10,} {seconds:>9.1f} {rows / seconds:>10,.0f} {peak:>8.0f}")
    for which, runs in rounds.items():
        print(f"  {which} rounds: " + ", ".join(f"{run['seconds']:.1f} s" for run in runs))
    # Seconds a row, so that (c) on a sample compares fairly.
    a, b, b1 = (results[k]["seconds"] / results[k]["rows"] for k in ("a", "b", "b1"))
    print(f"\n(b) / (a) = {b / a:.2f}  (target: at most {TARGET_RATIO}; on one connection {b1 / a:.2f})")
    if "c" in results:
        c = results["c"]["seconds"] / results["c"]["rows"]
        on = f"; (c) on {args.orm_rows:,} rows" if args.orm_rows else ""
        print(f"(c) / (b) = {c / b:.2f}  (target: at least 5){on}")
    fewer = f"; on {results['bs']['rows']:,} rows {results['bs']['peak_mb']:.0f} MB" if "bs" in results else ""
    print(f"(b) peak memory = {results['b']['peak_mb']:.0f} MB  (target: under 200 MB){fewer}")
    if "x" in results:
        x = results["x"]["seconds"] / results["x"]["rows"]
        print(f"(x) / (b) = {x / b:.2f}; (x) peak memory = {results['x']['peak_mb']:.0f} MB")
    report.record(
        "export",
        [
            report.row(
                f"export of {results['b']['rows']:,} responses",
                results["b"]["seconds"],
                "s",
                baseline="plain COPY of the table",
                baseline_value=results["a"]["seconds"] * results["b"]["rows"] / results["a"]["rows"],
                goal=f"at most {TARGET_RATIO} x the baseline",
                met=b / a <= TARGET_RATIO,
            ),
            report.row(
                "peak memory of the export",
                results["b"]["peak_mb"],
                "MB",
                goal="under 200 MB",
                met=results["b"]["peak_mb"] < 200,
            ),
        ],
    )


if __name__ == "__main__":
    main()
