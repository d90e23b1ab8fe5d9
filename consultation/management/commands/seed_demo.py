from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from consultation.demo import DEMO_PASSWORD, demo_consultation_ensure, demo_staff_ensure
from staff.roles import roles_ensure


class Command(BaseCommand):
    help = "Load the centres, the demonstration consultation and (local only) demo staff accounts. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff-accounts", action="store_true", help="Also create demo staff accounts (DEBUG only)."
        )
        parser.add_argument(
            "--responses",
            type=int,
            default=0,
            metavar="N",
            help="Also create N sample responses, if the demonstration has none yet (for trying the staff area).",
        )

        parser.add_argument(
            "--closed-responses",
            type=int,
            default=0,
            metavar="N",
            help="Also create the closed 2018 consultation with N made-up responses and its published outcome.",
        )

    def handle(self, *args, staff_accounts, responses, closed_responses=0, **options):
        if staff_accounts and not settings.DEBUG:
            raise CommandError(
                "Demo staff accounts have a published password, so they are only made when DJANGO_DEBUG=true."
            )
        call_command("import_centres", stdout=self.stdout)
        roles_ensure()
        consultation = demo_consultation_ensure()
        self.stdout.write(self.style.SUCCESS(f"Demonstration consultation open: /consultations/{consultation.slug}/"))
        if responses > 0 and not consultation.responses.exists():
            slug = consultation.slug
            call_command("seed_responses", consultation=slug, count=responses, seed=2018, stdout=self.stdout)
        if closed_responses > 0:
            from outcome.demo import closed_demo_ensure

            closed = closed_demo_ensure(responses=closed_responses, stdout=self.stdout)
            self.stdout.write(
                self.style.SUCCESS(f"Closed demonstration with its outcome: /consultations/{closed.slug}/")
            )
        if staff_accounts:
            self.stdout.write("Demo staff accounts (local only), password " + DEMO_PASSWORD + ":")
            for username, role in demo_staff_ensure():
                self.stdout.write(f"  {username:<10} {role}")
            self.stdout.write(
                "At the first sign-in each account sets up an authenticator app (a QR code, or the key as text); "
                "`manage.py reset_two_factor NAME` makes it set one up again."
            )
