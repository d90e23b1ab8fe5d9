from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand

from responses.retention.services import erasure_preview, personal_data_purge, retention_cutoff


class Command(BaseCommand):
    help = (
        "Erase the names, email addresses, postcodes, letters and equality answers of responses to consultations "
        "that closed more than PERSONAL_DATA_RETENTION_DAYS ago. The answers stay. Each erasure is recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        cutoff = retention_cutoff()
        self.stdout.write(f"Retention: {days} days. Consultations closed on or before {cutoff:%d %B %Y %H:%M} UTC.")
        if not dry_run:
            erased = personal_data_purge()
            self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {erased} response(s)."))
            return
        due = erasure_preview()
        for item in due:
            self.stdout.write(f"{item.consultation}  {item.reference}  {', '.join(item.fields)}")
        per_consultation = Counter(item.consultation for item in due)
        for slug, count in sorted(per_consultation.items()):
            self.stdout.write(f"{slug}: {count} response(s) would be erased")
        self.stdout.write(f"Dry run: {len(due)} response(s) would be erased. Nothing was changed.")
