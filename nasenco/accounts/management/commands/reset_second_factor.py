"""The operator's recovery for someone who lost both their phone and their recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from nasenco.accounts.models import User
from nasenco.accounts.two_factor import second_factor_reset


class Command(BaseCommand):
    help = "Remove someone's second factor (app and recovery codes) so they set up a new one; the reset is logged."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email {email}.")
        if not second_factor_reset(user=user):
            self.stdout.write(f"{user.email} had no second factor: nothing to reset.")
            return
        self.stdout.write(f"Second factor reset for {user.email}: they set up a new one at their next sign-in.")
