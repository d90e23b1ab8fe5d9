"""A copy of each response's submitted_at on its campaign membership, with an index in the
moderation queue's keyset order, so the queue filtered to one group reads only its page."""

from django.db import migrations, models

BATCH = 10_000

# Plain SQL that SQLite and PostgreSQL both run: a batch of memberships not copied yet.
FILL = (
    "UPDATE campaigns_membership SET submitted_at = ("
    "SELECT r.submitted_at FROM responses_response r WHERE r.id = campaigns_membership.response_id"
    ") WHERE id IN (SELECT id FROM campaigns_membership WHERE submitted_at IS NULL ORDER BY id LIMIT %s)"
)


def copy_submitted_at(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(FILL, [BATCH])
            if cursor.rowcount < BATCH:
                return


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("responses", "0005_decide_flagged_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="submitted_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(copy_submitted_at, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="membership",
            name="submitted_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["group", "submitted_at", "response"], name="membership_queue_idx"),
        ),
    ]
