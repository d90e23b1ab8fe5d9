"""The names and districts of a response's centres, stored with the response for the export
(docs/decisions/0022-centre-names-stored-with-the-response.md); 0013 fills them in.

The columns are added by plain SQL, with a default kept by the database: SQLite's schema editor
would rebuild the table for a NOT NULL column, which the count triggers (0010) do not allow, and
a COPY that does not name the columns (a seeder's) still stores empty text."""

from django.db import migrations, models

FIELDS = ("centre_names", "centre_districts")


def _field(name):
    return migrations.AddField(
        model_name="response", name=name, field=models.TextField(blank=True, default="", editable=False)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0011_results_slices"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE responses_response ADD COLUMN {name} text NOT NULL DEFAULT ''",
                    f"ALTER TABLE responses_response DROP COLUMN {name}",
                )
                for name in FIELDS
            ],
            state_operations=[_field(name) for name in FIELDS],
        ),
    ]
