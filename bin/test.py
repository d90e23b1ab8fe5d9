"""`make test`: the whole suite as three pytest runs side by side, each on its own databases.

The fault and process tests mostly wait (for Redis to come back, for a worker to reconnect) and
the browser tests keep a browser, gunicorn and a worker busy, so on a 2-core machine three runs at once take
little more than the longest alone. Each run gets a test database of its own (SQLite file or
PostgreSQL database) and, on Redis, its own broker and cache database numbers, so one run's
`cache.clear()` never resets another run's rate limits.

Usage: .venv/bin/python bin/test.py [extra pytest arguments]
Output of each run is printed when it ends, and kept in test-results/<run>.log.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[1]
PYTEST = str(Path(sys.executable).parent / "pytest")
RUNS = [  # (name, marker expression); the order gives each run its Redis database numbers
    ("units", "not (browser or spreadsheet or processes or faults)"),
    ("browser", "(browser or spreadsheet) and not (processes or faults)"),
    # Tests that start workers, servers or Redis of their own, and mostly wait on them.
    ("processes", "processes or faults"),
]
REDIS_DATABASES = 16  # redis.conf's default `databases`


def redis_url_shifted(url: str, shift: int) -> str:
    """The same Redis server, database number moved on by `shift`."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + shift
    if number >= REDIS_DATABASES:
        sys.exit(f"bin/test.py: {url} moved on by {shift} is past Redis database {REDIS_DATABASES - 1}")
    return urlunsplit(parts._replace(path=f"/{number}"))


def run_env(name: str, index: int) -> dict:
    env = dict(os.environ)
    database_url = env.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        env["DATABASE_TEST_NAME"] = f"test_{urlsplit(database_url).path.strip('/')}_{name}"
    else:
        env["DATABASE_TEST_NAME"] = str(BASE_DIR / f"db.sqlite3.test-{name}")
    # Broker and cache move together: run 0 keeps the given numbers, run 1 takes the next two...
    for key in ("CELERY_BROKER_URL", "CACHE_URL"):
        if env.get(key, "").startswith("redis"):
            env[key] = redis_url_shifted(env[key], 2 * index)
    return env


def main(extra: list[str]) -> int:
    logs = BASE_DIR / "test-results"
    logs.mkdir(exist_ok=True)
    started = time.monotonic()
    runs = {}
    for index, (name, markers) in enumerate(RUNS):
        log = (logs / f"{name}.log").open("w")
        args = [PYTEST, "-m", markers, "-p", "no:cacheprovider", *extra]
        process = subprocess.Popen(args, cwd=BASE_DIR, env=run_env(name, index), stdout=log, stderr=subprocess.STDOUT)
        runs[name] = (process, log)
        print(f"[test] {name}: pytest -m '{markers}' (test-results/{name}.log)", flush=True)
    failed = []
    try:
        while runs:
            for name, (process, log) in list(runs.items()):
                if process.poll() is None:
                    continue
                log.close()
                del runs[name]
                minutes, seconds = divmod(int(time.monotonic() - started), 60)
                print(f"\n[test] ===== {name} ended (exit {process.returncode}) after {minutes} min {seconds} s =====")
                print((logs / f"{name}.log").read_text(errors="replace"), flush=True)
                if process.returncode != 0:
                    failed.append(name)
            time.sleep(0.5)
    except KeyboardInterrupt:
        for process, _ in runs.values():
            process.terminate()
        return 130
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    print(f"[test] all runs ended in {minutes} min {seconds} s; failed: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
