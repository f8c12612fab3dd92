"""Fill the portal with a national dataset on top of the demo, for ``make bench`` (see nasenco.scale).

Each app contributes a ``scale.py`` with ``seed(scale)``; they run in INSTALLED_APPS order, as for
seed_demo. Rows go in with PostgreSQL COPY; ``--size full`` after ``--size small`` adds only the rest.
"""

import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from nasenco.contributions import seeders
from nasenco.scale import SIZES, Scale


class Command(BaseCommand):
    help = "Load the national-scale dataset (small: a tenth; full: 1,500 cohorts, 40,000 participants) on the demo."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")

    def handle(self, *args, size, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_scale refuses to run with PRODUCTION=true: it creates made-up people.")
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale loads with PostgreSQL COPY: set DATABASE_URL to a PostgreSQL database.")
        started = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())  # adds nothing when the demo is loaded
        scale = Scale(size=size)
        with transaction.atomic():
            for seed in seeders("scale"):
                seed(scale)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        added = ", ".join(f"{table} {n:,}" for table, n in scale.counts.items() if n)
        self.stdout.write(
            f"Scale data at size {size} in {time.perf_counter() - started:.0f} s. Added: {added or 'nothing'}."
        )
