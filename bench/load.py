"""Load test: 50 residents send responses to gunicorn + PostgreSQL, beside the framework's ceiling.

    make bench-load        (or: .venv/bin/python bench/load.py --clients 50 --responses 1000)

It makes a database of its own (BENCH_DATABASE_URL, default portal_bench_load on
127.0.0.1), migrates it, loads the demonstration consultation and starts gunicorn on
a free port on 127.0.0.1 with the one-row insert view turned on (DJANGO_ROOT_URLCONF=bench.urls,
in this process's environment only). Then:

1. Untimed: every response is made ready up to "Check your answers" (who, about you,
   the questions), each in its own session, as a resident's browser would.
2. Timed: the clients press "Send response" together: a POST that checks the session
   and the rate limit, stores the response with its centres, queues the receipt on
   the broker and redirects to the confirmation.
3. Timed: the same number of POSTs to a bare view that inserts one row in the same
   table (the ceiling of Django + gunicorn + PostgreSQL on this machine).
4. Every client reads its confirmation page; the number of references read must
   equal the number of responses stored, with none lost or duplicated and no 5xx.

Traffic goes only to 127.0.0.1, bounded by --responses and --max-seconds.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))  # run as a script from the checkout

from bench import databases, report  # noqa: E402
from bench.journey import Visitor  # noqa: E402
from tests.e2e.live import Service, free_port, wait_until  # noqa: E402

BIN = Path(sys.executable).parent
SLUG = "norfolk-childrens-centres"
TARGET_RATIO = 0.8  # issue 17: at least 0.8 of the bare insert view
TARGET_P99_MS = 250


def run(*args, env) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def timed(calls, clients: int, max_seconds: float):
    """Run the calls on `clients` threads; return (seconds, [(status, latency)])."""
    results, lock, deadline = [], threading.Lock(), time.monotonic() + max_seconds

    def one(call):
        if time.monotonic() > deadline:
            return
        started = time.perf_counter()
        try:
            status = call()
        except OSError:
            status = 0
        with lock:
            results.append((status, time.perf_counter() - started))

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, calls))
    return time.perf_counter() - started, results


def paced(calls, rate: float, max_seconds: float):
    """Start one call every 1/rate seconds whatever the answers (an open loop, as real arrivals are).

    Latency counts from when a call was due, so a server falling behind shows in the figures
    rather than slowing the arrivals down. Returns (seconds, [(status, latency)]).
    """
    results, lock = [], threading.Lock()
    started = time.perf_counter()
    deadline = started + max_seconds

    def one(index_call):
        index, call = index_call
        due = started + index / rate
        if due > deadline:
            return
        time.sleep(max(0.0, due - time.perf_counter()))
        try:
            status = call()
        except OSError:
            status = 0
        with lock:
            results.append((status, time.perf_counter() - due))

    with ThreadPoolExecutor(min(len(calls), 256) or 1) as pool:
        list(pool.map(one, enumerate(calls)))
    return time.perf_counter() - started, results


def pooled(rounds: list[tuple[float, list]]) -> tuple[float, list]:
    """Each round's (seconds, results) as one: the median round's seconds a request, all the latencies."""
    per_request = statistics.median(seconds / max(1, len(results)) for seconds, results in rounds)
    results = [result for _, round_results in rounds for result in round_results]
    return per_request * len(results), results


def figures(name: str, seconds: float, results) -> dict:
    latencies = sorted(latency for _, latency in results)
    cut = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    row = {
        "name": name,
        "requests": len(results),
        "per_second": len(results) / seconds,
        "p50": cut[49] * 1000,
        "p95": cut[94] * 1000,
        "p99": cut[98] * 1000,
        "errors_5xx": sum(1 for status, _ in results if status >= 500 or status == 0),
    }
    print(
        f"  {name:<34} {row['requests']:>6} {row['per_second']:>9.1f}/s   p50 {row['p50']:>6.1f} ms"
        f"   p95 {row['p95']:>6.1f} ms   p99 {row['p99']:>6.1f} ms   5xx {row['errors_5xx']}"
    )
    return row


def bench_insert(url: str):
    visitor = Visitor(url)

    def call():
        status, _, _ = visitor.request("POST", "/bench/insert-one-row", {"impact": "bench"})
        visitor.close()
        return status

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--responses", type=int, default=1000, help="responses sent (and one-row inserts)")
    parser.add_argument("--rate", type=float, default=40, help="open loop: sends a second")
    parser.add_argument("--paced", type=int, default=400, help="open loop: sends (and bare inserts) at --rate; 0: none")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds of sends and bare inserts")
    parser.add_argument("--max-seconds", type=float, default=120, help="upper bound on each timed phase")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads a worker (more than 1: gunicorn's gthread)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_load")
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_ROOT_URLCONF": "bench.urls",
        "RESPONSE_RATE_LIMIT": "1000000/m",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "CELERY_FILESYSTEM_DIR": str(tmp / "broker"),
        # Receipts are queued as in production, on a queue of their own that nothing consumes.
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    databases.recreate(url)
    server = None
    try:
        run("migrate", "--noinput", "--verbosity=0", env=env)
        run("seed_demo", env=env)
        server = Service(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
                "--timeout=60",
                "--backlog=2048",
            ],
            env=env,
            log_dir=tmp,
        ).start()
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: f"Listening at: {base}" in server.log_text(), timeout=60, what="gunicorn", service=server)
        return measure(base, args, env)
    finally:
        if server is not None:
            server.stop()
        databases.drop(url)
        _purge_queue(env)


def measure(base: str, args, env) -> int:
    print(
        f"Load test: {args.clients} clients, {args.responses} responses, "
        f"gunicorn {args.workers} workers x {args.threads} threads, "
        f"PostgreSQL, broker {env.get('CELERY_BROKER_URL', 'filesystem://').split('@')[-1]}"
    )
    everyone = [Visitor(base) for _ in range(args.responses + args.paced)]
    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(lambda pair: _prepare(*pair), enumerate(everyone)))
    print(f"  (made {len(everyone)} responses ready to send in {time.perf_counter() - started:.0f} s, untimed)")
    visitors, steady = everyone[: args.responses], everyone[args.responses :]

    # Alternating rounds (send, bare, bare, send, ...): a machine that slows or speeds up during
    # the run weighs on both sides alike. Throughput is the median of the rounds; latencies are
    # pooled over every round.
    rounds = max(1, min(args.rounds, len(visitors)))
    size = -(-len(visitors) // rounds)
    timings = {"send": [], "bare": []}
    for index in range(rounds):
        batch = visitors[index * size : (index + 1) * size]
        calls = {"send": [lambda v=v: _send(v) for v in batch], "bare": [bench_insert(base) for _ in batch]}
        for side in ("send", "bare") if index % 2 == 0 else ("bare", "send"):
            timings[side].append(timed(calls[side], args.clients, args.max_seconds))
    print(f"  {rounds} alternating rounds of up to {size}")
    print(f"  {'':<34} {'count':>6} {'throughput':>11}   latency")
    journey = figures("send a response (journey POST)", *pooled(timings["send"]))
    ceiling = figures("bare view inserting one row", *pooled(timings["bare"]))
    if steady:
        # Arrivals at a steady rate, as at a busy moment of a real consultation, bare view first.
        print(f"  open loop: {args.rate:g} a second, {len(steady)} of each")
        steady_ceiling = figures(
            f"bare view, {args.rate:g}/s", *paced([bench_insert(base) for _ in steady], args.rate, args.max_seconds)
        )
        sends = [lambda v=v: _send(v) for v in steady]
        steady_journey = figures(f"send a response, {args.rate:g}/s", *paced(sends, args.rate, args.max_seconds))

    with ThreadPoolExecutor(args.clients) as pool:
        references = [r for r in pool.map(lambda v: v.confirmation(SLUG), everyone) if r]
    stored = _stored_references(env)
    ratio = journey["per_second"] / ceiling["per_second"]
    lost = len(set(references) - stored)
    unconfirmed = len(stored - set(references))
    duplicated = len(references) - len(set(references))
    print(f"  ratio (journey / ceiling): {ratio:.2f}   target at least {TARGET_RATIO}")
    print(
        f"  confirmations received: {len(references)}   responses stored: {len(stored)}   "
        f"lost: {lost}   stored without a confirmation: {unconfirmed}   duplicated: {duplicated}"
    )
    problems = [
        *(["ratio below target"] if ratio < TARGET_RATIO else []),
        *([f"p99 over {TARGET_P99_MS} ms"] if journey["p99"] >= TARGET_P99_MS else []),
        *(
            [f"p99 at {args.rate:g}/s over {TARGET_P99_MS} ms"]
            if steady and steady_journey["p99"] >= TARGET_P99_MS
            else []
        ),
        *(["lost or unconfirmed responses"] if lost or unconfirmed or len(references) != len(stored) else []),
        *(["duplicated references"] if duplicated else []),
        *(["server errors"] if journey["errors_5xx"] or ceiling["errors_5xx"] else []),
    ]
    print("  RESULT: " + ("all targets met" if not problems else "; ".join(problems)))
    faults = lost + unconfirmed + duplicated + abs(len(references) - len(stored))
    errors = journey["errors_5xx"] + ceiling["errors_5xx"]
    if steady:
        errors += steady_journey["errors_5xx"] + steady_ceiling["errors_5xx"]
    report.record(
        "load",
        [
            report.row(
                f"responses sent a second, {args.clients} clients",
                journey["per_second"],
                "/s",
                baseline="bare view inserting one row",
                baseline_value=ceiling["per_second"],
                goal=f"at least {TARGET_RATIO} x the baseline",
                met=ratio >= TARGET_RATIO,
            ),
            report.row(
                f"p99 of sending a response, {args.clients} clients at once",
                journey["p99"],
                "ms",
                baseline="p99 of the bare view",
                baseline_value=ceiling["p99"],
                goal=f"under {TARGET_P99_MS} ms",
                met=journey["p99"] < TARGET_P99_MS,
            ),
            *(
                [
                    report.row(
                        f"p99 of sending a response, arriving at {args.rate:g} a second",
                        steady_journey["p99"],
                        "ms",
                        baseline="p99 of the bare view at that rate",
                        baseline_value=steady_ceiling["p99"],
                        goal=f"under {TARGET_P99_MS} ms",
                        met=steady_journey["p99"] < TARGET_P99_MS,
                    )
                ]
                if steady
                else []
            ),
            report.row(
                "responses lost or duplicated, and 5xx answers",
                faults + errors,
                "",
                goal="0",
                met=not (faults or errors),
            ),
        ],
    )
    return 1 if problems else 0


def _prepare(index: int, visitor: Visitor) -> None:
    visitor.prepare(
        SLUG, impact=f"Load test response {index}: we use the centre every week.", email=f"resident{index}@example.org"
    )
    visitor.close()


def _send(visitor: Visitor) -> int:
    status = visitor.submit(SLUG)
    visitor.close()
    return status


def _stored_references(env) -> set[str]:
    code = (
        "import django; django.setup(); from responses.models import Response; "
        f"print('\\n'.join(Response.objects.filter(consultation__slug='{SLUG}')"
        ".exclude(reference__startswith='BEN-').values_list('reference', flat=True)))"
    )
    result = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=BASE_DIR,
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def _purge_queue(env) -> None:
    broker = env.get("CELERY_BROKER_URL", "")
    if broker.startswith("redis"):
        import redis

        redis.Redis.from_url(broker).delete(env["CELERY_TASK_DEFAULT_QUEUE"])


if __name__ == "__main__":
    sys.exit(main())
