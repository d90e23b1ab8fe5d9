"""The names and districts of a response's centres, stored with the response for the export
(docs/decisions/0021-centre-names-stored-with-the-response.md); 0012 fills them in."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0010_response_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="centre_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="response",
            name="centre_districts",
            field=models.TextField(blank=True, default="", editable=False),
        ),
    ]
