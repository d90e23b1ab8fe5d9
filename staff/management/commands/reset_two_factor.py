from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff.two_factor.services import two_factor_reset


class Command(BaseCommand):
    help = (
        "Forget an officer's authenticator app and backup codes: they set up a new app at their next "
        "sign-in. For when no service administrator can sign in to do it in the staff area."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account has the user name {username!r}.") from None
        two_factor_reset(user=user)
        self.stdout.write(f"{username} will set up a new authenticator app at their next sign-in.")
