"""Full-text search over responses on PostgreSQL: a GIN index on an expression.

The expression must stay identical to ``responses.queue.SEARCH_DOCUMENT`` or the
planner will not use the index. Other databases (SQLite for local runs) search with
a plain substring match and get no index.
"""

from django.db import migrations

INDEX = "response_search_idx"
DOCUMENT = (
    "(jsonb_to_tsvector('english'::regconfig, \"answers\", '[\"string\"]')"
    " || to_tsvector('english'::regconfig, \"organisation_name\"))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON responses_response USING gin ({DOCUMENT})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("responses", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
