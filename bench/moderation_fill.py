"""Rows for bench/moderation_queue.py: a consultation of N responses, spread over every filter.

On PostgreSQL the responses are made by one INSERT ... SELECT per 100,000 rows (a million in a
few minutes); elsewhere by bulk_create. Then, once per consultation, each filter gets its share:
one response in 20 by paper and one in 20 by email, one in 50 with a letter, every response
linked to one of ten centres in three districts, one in 20 in one of five campaign groups.
Every share is the same at every size, so a filter reads the same part of the table.
"""

import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Group, Membership
from centres.models import Centre, District
from consultation.models import Consultation
from responses.models import Consent, RespondentType, Response, State

WORDS = [
    "centre",
    "family",
    "travel",
    "bus",
    "nursery",
    "playgroup",
    "outreach",
    "health",
    "visitor",
    "library",
    "village",
    "cost",
    "staff",
]
ORGANISATIONS = ["", "", "", "Ashill Parish Council", "Home-Start Norfolk"]
CENTRES = 10
DISTRICTS = [District.BRECKLAND, District.NORWICH, District.NORTH_NORFOLK]
GROUPS = 5
CHUNK = 100_000


def consultation_ensure(slug: str) -> Consultation:
    now = timezone.now()
    consultation, _ = Consultation.objects.get_or_create(
        slug=slug,
        defaults=dict(title="Benchmark", summary="Benchmark", opens_at=now - timedelta(days=60), closes_at=now),
    )
    return consultation


def fill(consultation: Consultation, rows: int, search_document: str) -> None:
    """Add responses until there are ``rows``, then give each filter its share (once)."""
    have = consultation.responses.count()
    if have < rows:
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS response_search_idx")
        for start in range(have, rows, CHUNK):
            (_insert_sql if postgres else _insert_orm)(consultation, start, min(start + CHUNK, rows), rows)
            print(f"  inserted {min(start + CHUNK, rows):,}", end="\r", flush=True)
        print()
        if postgres:
            began = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE INDEX response_search_idx ON responses_response USING gin ({search_document})")
            print(f"  search index built in {time.perf_counter() - began:.1f} s")
    _spread(consultation)


def _insert_sql(consultation, first: int, last: int, rows: int) -> None:
    step = 56 * 86400 / rows
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO responses_response (
                consultation_id, reference, respondent_type, organisation_name, respondent_role,
                authority_confirmed, organisation_verified, name, email, postcode, consent, answers,
                attachment, attachment_name, attachment_content_type, channel, submitted_at, state, version)
            SELECT %(c)s, 'BEN-' || %(c)s || '-' || lpad(g::text, 8, '0'),
                (%(types)s::text[])[1 + floor(random() * %(ntypes)s)::int],
                (%(orgs)s::text[])[1 + floor(random() * 5)::int], '', false, false, '', '', '',
                (%(consents)s::text[])[1 + floor(random() * 3)::int],
                jsonb_build_object('impact', (SELECT string_agg((%(words)s::text[])[1 + floor(random() * 13)::int], ' ')
                    FROM generate_series(1, 12) WHERE g IS NOT NULL), 'proposal_agreement', 'disagree'),
                '', '', '', 'online', %(start)s + g * %(step)s * interval '1 second',
                CASE WHEN r < 0.5 THEN 'pending' WHEN r < 0.85 THEN 'approved' WHEN r < 0.95 THEN 'rejected'
                    ELSE 'flagged' END, 0
            FROM generate_series(%(first)s, %(last)s - 1) AS g, LATERAL (SELECT random() + 0 * g AS r) AS drawn
            """,
            {
                "c": consultation.pk,
                "types": list(RespondentType.values),
                "ntypes": len(RespondentType.values),
                "orgs": ORGANISATIONS,
                "consents": list(Consent.values),
                "words": WORDS,
                "start": timezone.now() - timedelta(days=56),
                "step": step,
                "first": first,
                "last": last,
            },
        )


def _insert_orm(consultation, first: int, last: int, rows: int) -> None:
    rng, start = random.Random(first), timezone.now() - timedelta(days=56)
    Response.objects.bulk_create(
        Response(
            consultation=consultation,
            reference=f"BEN-{consultation.pk}-{n:08d}",
            respondent_type=rng.choice(RespondentType.values),
            organisation_name=rng.choice(ORGANISATIONS),
            consent=rng.choice(Consent.values),
            state=rng.choices(State.values, weights=[50, 35, 10, 5])[0],
            submitted_at=start + timedelta(seconds=n * 56 * 86400 // rows),
            answers={"impact": " ".join(rng.choices(WORDS, k=12)), "proposal_agreement": "disagree"},
        )
        for n in range(first, last)
    )


def bench_centres() -> list[Centre]:
    return [
        Centre.objects.get_or_create(
            slug=f"bench-centre-{n}", defaults={"name": f"Bench centre {n}", "district": DISTRICTS[n % 3]}
        )[0]
        for n in range(CENTRES)
    ]


@transaction.atomic
def _spread(consultation: Consultation) -> None:
    if Group.objects.filter(consultation=consultation).exists():
        return
    centres = bench_centres()
    consultation.centres.set(centres)
    ids = [centre.pk for centre in centres]
    groups = [Group.objects.create(consultation=consultation, code=f"BEN{consultation.pk}-{n}") for n in range(GROUPS)]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE responses_response SET channel = CASE WHEN id %% 20 = 1 THEN 'paper' ELSE 'email' END "
            "WHERE consultation_id = %s AND id %% 20 IN (1, 2)",
            [consultation.pk],
        )
        cursor.execute(
            "UPDATE responses_response SET attachment = 'attachments/bench.pdf', attachment_name = 'letter.pdf', "
            "attachment_content_type = 'application/pdf' WHERE consultation_id = %s AND id %% 50 = 7",
            [consultation.pk],
        )
        for n, centre_id in enumerate(ids):
            cursor.execute(
                "INSERT INTO responses_response_centres (response_id, centre_id) SELECT id, %s "
                "FROM responses_response WHERE consultation_id = %s AND id %% %s = %s",
                [centre_id, consultation.pk, CENTRES, n],
            )
        for n, group in enumerate(groups):
            cursor.execute(
                f"INSERT INTO {Membership._meta.db_table} (response_id, group_id, joined_at, submitted_at) "
                "SELECT id, %s, now(), submitted_at FROM responses_response "
                "WHERE consultation_id = %s AND id %% 100 = %s",
                [group.pk, consultation.pk, 3 + n * 20],
            )
