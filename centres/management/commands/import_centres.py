from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.importer import ImportFileError, parse_centres_csv
from centres.services import centres_import

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "norfolk_childrens_centres_2018.csv"


class Command(BaseCommand):
    help = "Load or update the children's centres from a CSV file. A file with any bad row loads nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="CSV file (default: the bundled register)"
        )

    def handle(self, *args, path, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            result = parse_centres_csv(data)
        except ImportFileError as error:
            raise CommandError(f"{path}: {error} Nothing was loaded.") from error
        if result.errors:
            raise CommandError(
                f"{path} has {len(result.errors)} problem(s); nothing was loaded:\n" + "\n".join(result.errors)
            )
        summary = centres_import(rows=result.rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(result.rows)} centres: {summary.created} new, {summary.changed} changed, "
                f"{summary.unchanged} unchanged."
            )
        )
