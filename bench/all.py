"""`make bench`: every benchmark in turn, then one table of goals in docs/benchmarks.md.

    make bench                      # the full sizes (1,000,000 responses: about an hour on 2 cores)
    make bench BENCH_ARGS=--quick   # small sizes, to try the machinery (figures not comparable)

Each benchmark runs as its own process on its own PostgreSQL database and writes its figures
with bench/report.py; this script then rewrites the table between the two markers in
docs/benchmarks.md (figure, baseline, ratio, goal, met or not, date, machine). A benchmark that
fails is listed as failed; the others still run.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.report import RESULTS  # noqa: E402

DOC = BASE_DIR / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench-table: begin (written by make bench) -->", "<!-- bench-table: end -->"
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# name: (script, full-size arguments, quick arguments, a database of its own to create and migrate)
BENCHMARKS = {
    "load": ("bench/load.py", [], ["--responses", "200", "--clients", "20", "--paced", "100", "--rate", "20"], None),
    "export": ("bench/export.py", ["--orm-rows", "50000", "--no-xlsx"], ["--rows", "20000", "--rounds", "1"], None),
    "moderation_queue": ("bench/moderation_queue.py", [], ["--rows", "20000", "--small", "2000"], "portal_bench_queue"),
    "results": ("bench/results.py", [], ["--sizes", "2000", "20000", "--runs", "2"], "portal_results_bench"),
    "campaigns": ("bench/campaigns.py", ["--rows", "100000"], ["--rows", "5000"], None),
    "seed": ("bench/seed.py", [], ["--rows", "20000", "--rounds", "1"], None),
}


def run(name: str, quick: bool) -> bool:
    script, full, small, database = BENCHMARKS[name]
    (RESULTS / f"{name}.json").unlink(missing_ok=True)
    print(f"\n== {name}: {script}", flush=True)
    env = dict(os.environ)
    if database:  # rows are kept between runs: a second run reuses them
        env["DATABASE_URL"] = f"{PG}/{database}"
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", PG.rsplit("//", 1)[1].split("@")[0], database],
            cwd=BASE_DIR,
            capture_output=True,
        )
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    finished = subprocess.run([sys.executable, script, *(small if quick else full)], cwd=BASE_DIR, env=env)
    return finished.returncode in (0, 1) and (RESULTS / f"{name}.json").exists()


def number(value, unit="") -> str:
    if value is None:
        return ""
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    return f"{text} {unit}".strip()


def table(names: list[str], failed: list[str], quick: bool, ran: list[str]) -> str:
    sizes = "`--quick`: small sizes, which check the machinery, not the goals" if quick else "the goals' full sizes"
    if ran:
        heading = f"Last run: `make bench` ({', '.join(ran)}) with {sizes}, on {platform.node() or 'this machine'}."
    else:
        heading = "Written from each benchmark's latest figures (`bench/all.py --table`)."
    lines = [
        heading + " Each row's date is its own run's.",
        "",
        "| benchmark | figure | measured | baseline | ratio | goal | met | date | machine |",
        "| --- | --- | ---: | --- | ---: | --- | --- | --- | --- |",
    ]
    for name in names:
        path = RESULTS / f"{name}.json"
        if name in failed:
            lines.append(f"| {name} | the benchmark failed: see its output | | | | | no | | |")
            continue
        if not path.exists():
            lines.append(f"| {name} | not run yet on this machine | | | | | | | |")
            continue
        kept = json.loads(path.read_text())
        for row in kept["rows"]:
            baseline = f"{row['baseline']}: {number(row['baseline_value'], row['unit'])}" if row["baseline"] else ""
            lines.append(
                f"| {name} | {row['figure']} | {number(row['value'], row['unit'])} | {baseline} | "
                f"{number(row['ratio'])} | {row['goal']} | {'yes' if row['met'] else '**no**'} | "
                f"{kept['date']} | {kept['machine']} |"
            )
    return "\n".join(lines)


def write_table(text: str) -> None:
    doc = DOC.read_text()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        doc = head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1]
    else:
        doc += f"\n## Goals, as `make bench` last measured them\n\n{BEGIN}\n{text}\n{END}\n"
    DOC.write_text(doc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the machinery, not the goals")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--table", action="store_true", help="run nothing: write the table from the figures kept")
    args = parser.parse_args()
    names = [] if args.table else args.only or list(BENCHMARKS)
    failed = [name for name in names if not run(name, args.quick)]
    # Every benchmark's latest figures, each row with its own date (a benchmark not run now keeps its last).
    write_table(table(list(BENCHMARKS), failed, args.quick, names))
    print(f"\nTable written to {DOC.relative_to(BASE_DIR)}; failed: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
