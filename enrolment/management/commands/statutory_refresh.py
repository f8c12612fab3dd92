"""Recompute every place's stored statutory answer: after an upgrade that changes the rules, or to check
nothing has drifted."""

from django.core.management.base import BaseCommand

from enrolment.models import Enrolment
from enrolment.services.statutory import statutory_refresh_all


class Command(BaseCommand):
    help = "Recompute the stored eligibility, scope and statutory deadline of every application and place."

    def handle(self, *args, **options):
        count = statutory_refresh_all(Enrolment.objects.all())
        self.stdout.write(f"Recomputed the statutory answer of {count} applications and places.")
        # Those whose deadline cannot be worked out yet: each page shows them the question ("we need to know").
        waiting = Enrolment.objects.filter(deadline_required__isnull=True).exclude(missing=[]).count()
        if waiting:
            self.stdout.write(
                f"{waiting} of them need an answer before their deadline can be worked out: each page that shows "
                "the deadline asks the question, and the participant's own profile page asks them."
            )
