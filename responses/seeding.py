"""seed_responses on PostgreSQL: a batch of made-up responses written with COPY.

Each response comes as (row, centre ids, campaign label, its COPY line after the id); the
ids are drawn from the table's sequence here, so the centre links and the labels
(``campaigns.SeedLabel``) can name their response.
"""

import datetime
import io

from django.db import connection

from campaigns.models import SeedLabel
from responses.models import Response


def copy_text(value) -> str:
    # PostgreSQL's COPY text format: tab-separated, backslash escapes. Most values need none.
    if value.__class__ is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return copy_text(str(value))


def references_taken(references: list[str]) -> set[str]:
    # One text parameter that PostgreSQL splits: half the time of 20,000 bound parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT reference FROM {Response._meta.db_table} WHERE reference = ANY(string_to_array(%s, ' '))",
            [" ".join(references)],
        )
        return {reference for (reference,) in cursor.fetchall()}


def copy_batch(batch: list[tuple[dict, list[int], str, str]], columns: tuple[str, ...]) -> None:
    """COPY the responses (``columns``, "id" first), their centre links and their campaign labels."""
    with connection.cursor() as cursor:
        # The sequence is looked up once (MATERIALIZED): pg_get_serial_sequence() in
        # nextval's argument would run for every row, eight times slower.
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS sequence)"
            " SELECT nextval(sequence) FROM s, generate_series(1, %s)",
            [Response._meta.db_table, len(batch)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        responses, links, labels = [], [], []
        for pk, (_row, centres, label, line) in zip(ids, batch, strict=True):
            responses.append(f"{pk}\t{line}\n")
            links.extend(f"{pk}\t{centre_id}\n" for centre_id in centres)
            if label:
                labels.append(f"{pk}\t{label}\n")
        raw = cursor.cursor
        for table, names, lines in (
            (Response._meta.db_table, columns, responses),
            (Response.centres.through._meta.db_table, ("response_id", "centre_id"), links),
            (SeedLabel._meta.db_table, ("response_id", "campaign"), labels),
        ):
            text = "".join(lines).encode()
            # One read of the whole batch: psycopg2 then sends it and waits for PostgreSQL
            # without holding the GIL, so the thread making the next batch runs meanwhile.
            raw.copy_expert(f"COPY {table} ({', '.join(names)}) FROM STDIN", io.BytesIO(text), size=len(text) + 1)
