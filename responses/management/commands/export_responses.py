"""Export a consultation's responses to a file, as the download does, for operators.

    manage.py export_responses --consultation SLUG --output FILE [--format csv|xlsx] [--personal-data]

The same code as an export job (``write.export_write``), so the same bytes as the file
an officer downloads with the same choices (every response; no filters). Nothing is
stored in the portal and no email is sent.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation.models import Consultation
from responses.exports.csv import Progress
from responses.exports.write import TooManyRows, export_write
from responses.models import Export, ExportFormat


class Command(BaseCommand):
    help = "Export a consultation's responses to a CSV or Excel file (the same file as the download)."

    def add_arguments(self, parser):
        parser.add_argument("--consultation", required=True, help="the consultation's slug")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--format", choices=ExportFormat.values, default=ExportFormat.CSV)
        parser.add_argument("--personal-data", action="store_true", help="include names, email addresses and postcodes")

    def handle(self, *args, consultation, output, format, personal_data, **options):
        found = Consultation.objects.filter(slug=consultation).first()
        if found is None:
            raise CommandError(f"No consultation has the slug {consultation!r}.")
        # An export job that is never saved: the choices the file is made from.
        export = Export(consultation=found, filters={}, include_personal_data=personal_data, format=format)
        target = Path(output)
        # Written beside the target and renamed into place, so a failure leaves no half file.
        folder = target.resolve().parent
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{target.name}.", delete=False) as file:
            try:
                rows = export_write(export=export, file=file, progress=Progress())
            except TooManyRows as error:
                os.unlink(file.name)
                raise CommandError(
                    f"{error.rows:,} responses are more than an Excel sheet holds ({error.most:,}): use --format csv."
                ) from error
            except BaseException:
                os.unlink(file.name)
                raise
        os.replace(file.name, target)
        self.stdout.write(f"Wrote {rows:,} responses to {target}")
