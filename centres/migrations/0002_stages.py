"""The three stages of the 2018 Norfolk proposal, with the figures announced at each."""

import datetime

from django.db import migrations

STAGES = [
    # slug, name, order, date, announced total, kept, closed
    ("sept-2018", "September 2018 proposal", 1, datetime.date(2018, 9, 17), 53, 7, 46),
    ("jan-2019", "January 2019 revision", 2, None, 53, 15, 38),
    ("final", "Final decision", 3, None, 53, 15, 38),
]


def create_stages(apps, schema_editor):
    Stage = apps.get_model("centres", "Stage")
    for slug, name, order, date, total, kept, closed in STAGES:
        Stage.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "date": date,
                "announced_total": total,
                "announced_kept": kept,
                "announced_closed": closed,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]
    operations = [migrations.RunPython(create_stages, migrations.RunPython.noop)]
