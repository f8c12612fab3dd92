"""Build a realistic demo portal from the seed providers' published facts.

Each app contributes a ``demo.py`` with ``seed(demo)``; they run in INSTALLED_APPS order, so an app can
use what the apps beneath it created. Running it again adds nothing and prints the logins again.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nasenco.contributions import seeders
from nasenco.demo import Demo


class Command(BaseCommand):
    help = "Load demo providers, cohorts, staff and participants, and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", "nasenco-demo"),
            help="Password for every demo account (default: $DEMO_PASSWORD or 'nasenco-demo').",
        )

    def handle(self, *args, password, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with PRODUCTION=true: it creates known logins.")
        demo = Demo(password=password)
        with transaction.atomic():
            for seed in seeders("demo"):
                seed(demo)
        self.stdout.write(self.style.SUCCESS("Demo portal ready. Sign in at /accounts/login/ as:"))
        for role, email in demo.logins:
            self.stdout.write(f"  {role:<56} {email}")
        self.stdout.write(f"  Every demo account's password: {password}")
