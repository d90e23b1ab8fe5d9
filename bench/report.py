"""Each benchmark's figures, kept for `make bench` to gather into one table in docs/benchmarks.md.

A benchmark calls ``record(name, rows)`` at its end; each row is one goal measured in that run:

    {"figure": "export of 1,000,000 responses", "value": 12.3, "unit": "s",
     "baseline": "plain COPY of the table", "baseline_value": 8.1, "ratio": 1.52,
     "goal": "at most 1.5 x the baseline", "met": False}

The file is bench/results/<name>.json (not committed); bench/all.py reads them all.
"""

import datetime
import json
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def row(figure: str, value: float, unit: str, *, goal: str, met: bool, baseline: str = "", baseline_value=None) -> dict:
    ratio = value / baseline_value if baseline_value else None
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_value": baseline_value,
        "ratio": ratio,
        "goal": goal,
        "met": bool(met),
    }


def record(name: str, rows: list[dict]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "date": datetime.date.today().isoformat(), "machine": machine(), "rows": rows}
    path.write_text(json.dumps(payload, indent=2))
    print(f"  figures kept in {path.relative_to(RESULTS.parent.parent)}")
    return path
