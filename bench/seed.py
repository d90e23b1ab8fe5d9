"""Benchmark (not a test): seeding responses with seed_responses, against a plain COPY of the same rows.

    python bench/seed.py [--rows 1000000] [--rounds 3] [--database-url URL]

In its own database (portal_bench_seed by default) it migrates, loads the demonstration
consultation (manage.py seed_demo), seeds --rows responses once with --seed 1 and writes
them out with COPY TO: the responses, their centre links and their campaign labels, every
column. Then, in alternating rounds, from empty tables each time:

  (a) the baseline: a plain COPY FROM of those files into the same three tables, with the
      same indexes and constraints in place (one COPY statement a table, each committed);
  (b) `manage.py seed_responses --count N --seed 1` as a user runs it (a fresh process: its
      start-up, generation, COPY and closing ANALYZE are all counted).

Before each timed run the tables are emptied with TRUNCATE ... CASCADE and a CHECKPOINT is
taken, so neither side pays for the other's dirty pages; neither side VACUUMs. Each figure
is the median of its rounds. Goal (issue 17): (b) at most 3 times (a).

Every connection the parent holds is in autocommit, and each child's output is captured
with communicate(): an open transaction holding the TRUNCATE lock, or a full pipe, would
leave a child waiting for ever.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script run from bench/ imports the project
from bench import databases, report  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_seed"
SLUG = "norfolk-childrens-centres"
TABLES = ("responses_response", "responses_response_centres", "campaigns_seedlabel")
GOAL_RATIO = 3


def connect(database_url: str):
    import psycopg2

    conn = psycopg2.connect(database_url)
    conn.autocommit = True  # no transaction left open to hold a lock a child waits on
    return conn


def manage(database_url: str, *args: str) -> float:
    """Run manage.py as a user would; return its wall time in seconds."""
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    started = time.monotonic()
    command = [sys.executable, "manage.py", *args]
    finished = subprocess.run(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if finished.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{finished.stdout}{finished.stderr}")
    return seconds


def empty(conn) -> None:
    with conn.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        cursor.execute("CHECKPOINT")


def seed(database_url: str, rows: int) -> float:
    return manage(database_url, "seed_responses", "--consultation", SLUG, "--count", str(rows), "--seed", "1")


def dump(conn, folder: Path) -> dict[str, int]:
    """COPY every column of the seeded rows to one file a table; return the rows in each."""
    counts = {}
    with conn.cursor() as cursor:
        for table in TABLES:
            with open(folder / f"{table}.copy", "wb") as file:
                cursor.copy_expert(f"COPY {table} TO STDOUT", file)
            counts[table] = cursor.rowcount
    return counts


def plain_copy(conn, folder: Path) -> float:
    started = time.monotonic()
    with conn.cursor() as cursor:
        for table in TABLES:  # parents first, as the foreign keys need
            with open(folder / f"{table}.copy", "rb") as file:
                cursor.copy_expert(f"COPY {table} FROM STDIN", file, size=1 << 16)
    return time.monotonic() - started


def prepare(database_url: str, rows: int, folder: Path) -> dict[str, int]:
    databases.ensure(database_url)
    manage(database_url, "migrate", "--noinput", "-v", "0")
    manage(database_url, "seed_demo")
    conn = connect(database_url)
    empty(conn)
    print(f"Seeding {rows:,} responses once, for the baseline's files...", flush=True)
    seed(database_url, rows)
    counts = dump(conn, folder)
    conn.close()
    return counts


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (a) and (b) taken in turn")
    parser.add_argument("--database-url", default=os.environ.get("SEED_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-seed-") as folder:
        counts = prepare(args.database_url, args.rows, Path(folder))
        print("Rows a side: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()), flush=True)
        conn = connect(args.database_url)
        timings: dict[str, list[float]] = {"a": [], "b": []}
        for number in range(1, args.rounds + 1):
            empty(conn)
            timings["a"].append(plain_copy(conn, Path(folder)))
            empty(conn)
            timings["b"].append(seed(args.database_url, args.rows))
            print(
                f"  round {number}: (a) plain COPY {timings['a'][-1]:.1f} s, (b) seed_responses "
                f"{timings['b'][-1]:.1f} s; load average {load_average()}",
                flush=True,
            )
        conn.close()
    a, b = statistics.median(timings["a"]), statistics.median(timings["b"])
    print(f"\n{args.rows:,} responses, median of {args.rounds} rounds; load average {load_average()}")
    print(f"  (a) plain COPY of the same rows   {a:8.1f} s  {args.rows / a:9,.0f} rows/s")
    print(f"  (b) seed_responses                {b:8.1f} s  {args.rows / b:9,.0f} rows/s")
    print(f"  (b) / (a) = {b / a:.2f}  (goal: at most {GOAL_RATIO})")
    print(json.dumps({"rows": args.rows, "a": timings["a"], "b": timings["b"], "loadavg": load_average()}))
    report.record(
        "seed",
        [
            report.row(
                f"seed_responses, {args.rows:,} responses",
                b,
                "s",
                baseline="plain COPY FROM of the same rows",
                baseline_value=a,
                goal=f"at most {GOAL_RATIO} x the baseline",
                met=b / a <= GOAL_RATIO,
            )
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
