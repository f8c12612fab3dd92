"""``manage.py send_reminders [--today 2026-09-01] [--dry-run]``: the daily sweep, for any day."""

import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import reminders_sweep


class Command(BaseCommand):
    help = "Store (and queue for sending) every reminder due on a day. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to sweep, as YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="List what is due; store and send nothing.")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be a date written YYYY-MM-DD, e.g. 2026-09-01 (got {today!r}).") from exc
        result = reminders_sweep(today=day, dry_run=dry_run)
        by_rule = Counter(item.due.rule.label for item in result.prepared)
        for label, count in sorted(by_rule.items()):
            self.stdout.write(f"  {label}: {count}")
        if dry_run:
            for item in result.prepared:
                self.stdout.write(f"  {item.due.to}: {item.subject}")
            self.stdout.write(f"{day:%Y-%m-%d}: {result.found} to store. Dry run: nothing stored or sent.")
        else:
            self.stdout.write(f"{day:%Y-%m-%d}: {result.found} to store, {result.stored} stored now.")
