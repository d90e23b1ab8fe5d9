"""Count every consultation's responses again from scratch and keep those counts: a repair.

The database keeps the counts as responses change (migration responses/0010), so this is
needed only if the counts were damaged, for example after a restore of one table.
"""

from django.core.management.base import BaseCommand, CommandError

from consultation.models import Consultation
from responses.counts.services import counts_recount, state_counts


class Command(BaseCommand):
    help = "Count each consultation's responses again from scratch (repairs the counts on the moderation queue)."

    def add_arguments(self, parser):
        parser.add_argument("--consultation", metavar="SLUG", help="Only this consultation (all by default).")

    def handle(self, *args, consultation=None, **options):
        chosen = Consultation.objects.all()
        if consultation:
            chosen = chosen.filter(slug=consultation)
            if not chosen.exists():
                raise CommandError(f'No consultation has the slug "{consultation}".')
        if not consultation:
            counts_recount()
        for found in chosen.order_by("slug"):
            if consultation:
                counts_recount(consultation_id=found.pk)
            total = state_counts(found)["all"]
            self.stdout.write(f"{found.slug}: {total:,} responses")
        self.stdout.write(self.style.SUCCESS("Counted again."))
