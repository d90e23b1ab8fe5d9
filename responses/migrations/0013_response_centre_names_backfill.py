"""The names and districts of the centres of the responses already stored (0011), filled in:
on PostgreSQL by SQL, 50,000 responses a statement; elsewhere in Python."""

from collections import defaultdict

from django.db import migrations

BATCH = 50_000

# The text responses/linked_centres.py stores ("C" order is Python's).
BACKFILL_SQL = """
UPDATE responses_response r SET centre_names = x.names, centre_districts = x.districts
FROM (
  SELECT rc.response_id,
    string_agg(c.name::text COLLATE "C", '; ' ORDER BY c.name::text COLLATE "C") AS names,
    string_agg(DISTINCT c.district::text COLLATE "C", '; ' ORDER BY c.district::text COLLATE "C") AS districts
  FROM responses_response_centres rc JOIN centres_centre c ON c.id = rc.centre_id
  WHERE rc.response_id >= %s AND rc.response_id < %s
  GROUP BY rc.response_id
) x
WHERE r.id = x.response_id
"""


def _backfill_sql(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(response_id), max(response_id) FROM responses_response_centres")
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(BACKFILL_SQL, [start, start + BATCH])


def _backfill_python(apps):
    Response = apps.get_model("responses", "Response")
    links = Response.centres.through.objects.select_related("centre").order_by("response_id")
    linked = defaultdict(list)
    for link in links.iterator(chunk_size=2000):
        linked[link.response_id].append(link.centre)
    responses = [
        Response(
            pk=pk,
            centre_names="; ".join(sorted(centre.name for centre in centres)),
            centre_districts="; ".join(sorted({centre.district for centre in centres})),
        )
        for pk, centres in linked.items()
    ]
    Response.objects.bulk_update(responses, ["centre_names", "centre_districts"], batch_size=500)


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _backfill_sql(schema_editor)
    else:
        _backfill_python(apps)


class Migration(migrations.Migration):
    # Each batch is committed on its own, so a million responses do not wait on one transaction;
    # run again, the backfill writes the same text.
    atomic = False

    dependencies = [
        ("responses", "0012_response_centre_names"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
