from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from nasenco.backups import MANIFEST, restore, stored_names


class Command(BaseCommand):
    help = "Restore a backup into an EMPTY database and storage, then check every row count and checksum."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="The backup folder.")

    def handle(self, *args, source, **options):
        folder = Path(source)
        if not (folder / MANIFEST).exists():
            raise CommandError(f"{folder} is not a backup: it has no {MANIFEST}.")
        if "django_migrations" in connection.introspection.table_names():
            raise CommandError("The database is not empty: restore into a new, empty database.")
        if stored_names():
            raise CommandError(
                "The file storage is not empty: point PRIVATE_MEDIA_ROOT (or the bucket settings) at an empty "
                "folder or bucket, so no file of the backup overwrites or mixes with another."
            )
        problems = restore(folder)
        if problems["rows"] or problems["files"]:
            raise CommandError(f"The restore does not match the backup: {problems}")
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}: every row count and file checksum matches."))
