from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nasenco.backups import backup


class Command(BaseCommand):
    help = "Back up the database and every private file, with a manifest of row counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", help="A new folder (default: var/backups/<date-time>).")

    def handle(self, *args, to, **options):
        from django.conf import settings

        folder = Path(to) if to else settings.VAR_DIR / "backups" / f"{timezone.now():%Y%m%d-%H%M%S}"
        if folder.exists():
            raise CommandError(f"{folder} already exists: back up into a new folder.")
        manifest = backup(folder)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {folder}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
                f"{len(manifest['files'])} files."
            )
        )
