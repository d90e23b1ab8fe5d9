"""What keeping the counts costs a send: response_submit from many threads at once, triggers on and off.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_moderation_bench
    .venv/bin/python manage.py migrate && .venv/bin/python bench/send_counts.py --clients 20 --sends 100

PostgreSQL only. Each round has --clients threads each store --sends responses to one
consultation through ``response_submit`` (its own transaction each, as the form does), once
with the count triggers of migration responses/0010 and once without (``DISABLE TRIGGER USER``),
in alternating rounds. With one counter row per state all sends would queue on its lock; the
triggers only insert rows, so the two should be close. The counts are recounted at the end.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.moderation_fill import consultation_ensure  # noqa: E402
from responses.counts.services import counts_recount  # noqa: E402
from responses.respond.services import response_submit  # noqa: E402

TABLES = ("responses_response", "responses_response_centres")


def triggers(on: bool) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")


def sends_per_second(consultation, clients: int, sends: int) -> float:
    def client():
        for _ in range(sends):
            response_submit(consultation=consultation, respondent_type="resident", consent="none", answers={})
        connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * sends / (time.perf_counter() - began)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--sends", type=int, default=100, help="responses each client sends in a round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "PostgreSQL only"
    consultation = consultation_ensure("bench-send-counts")
    consultation.closes_at = timezone.now() + timedelta(days=1)
    consultation.published_at = consultation.opens_at
    consultation.save(update_fields=["closes_at", "published_at"])
    response_submit(consultation=consultation, respondent_type="resident", consent="none", answers={})  # open?
    with_triggers, without = [], []
    try:
        for _ in range(args.rounds):
            triggers(True)
            with_triggers.append(sends_per_second(consultation, args.clients, args.sends))
            triggers(False)
            without.append(sends_per_second(consultation, args.clients, args.sends))
    finally:
        triggers(True)
        counts_recount(consultation_id=consultation.pk)
    on, off = statistics.median(with_triggers), statistics.median(without)
    print(f"{args.clients} clients, {args.sends} sends each, {args.rounds} rounds; load {os.getloadavg()[0]:.2f}")
    print(f"  sends a second with the count triggers {on:.0f}, without {off:.0f}: {on / off:.2f} of it")
    print(f"  rounds with: {[round(x) for x in with_triggers]}, without: {[round(x) for x in without]}")


if __name__ == "__main__":
    main()
