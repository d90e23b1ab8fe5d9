"""manage.py group_campaigns --consultation SLUG: group every response not grouped yet."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from campaigns.grouping import group_consultation
from campaigns.models import Group
from consultation.models import Consultation


class Command(BaseCommand):
    help = "Group a consultation's near-identical responses into campaigns. Safe to run again: nothing changes."

    def add_arguments(self, parser):
        parser.add_argument("--consultation", required=True, metavar="SLUG", help="The consultation's slug.")

    def handle(self, *args, consultation, **options):
        found = Consultation.objects.filter(slug=consultation).first()
        if found is None:
            known = ", ".join(Consultation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f'No consultation has the slug "{consultation}". Slugs you can use: {known}.')
        started = time.monotonic()
        show = options["verbosity"] > 0 and sys.stdout.isatty()
        grouped = group_consultation(found.pk, progress=self._bar if show else None)
        if show:
            self.stdout.write("")
        groups = Group.objects.filter(consultation=found, memberships__isnull=False).distinct().count()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Grouped {grouped:,} responses in {seconds:.1f} seconds. {found.slug} has {groups:,} campaign groups."
            )
        )

    def _bar(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,} of {total:,}", ending="")
        self.stdout.flush()
