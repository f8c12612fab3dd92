"""Serve the offline DfE (development and demos): a lead provider with a token, a dozen NPQ for SENCOs
applications waiting and this year's statements. Point a connection at the address it prints."""

import datetime as dt
import time

from django.core.management.base import BaseCommand

NAMES = [
    "Amira Begum",
    "Ben Carter",
    "Chloe Davies",
    "Daniel Evans",
    "Erin Foster",
    "Faisal Khan",
    "Grace Hughes",
    "Harry Iqbal",
    "Isla Jones",
    "Jack Lewis",
    "Kiran Patel",
    "Lucy Morgan",
]


class Command(BaseCommand):
    help = "Serve a stateful offline copy of DfE's Lead Provider API (v3) for development and demos."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--token", default="demo-lead-provider-token")

    def handle(self, *args, port, token, **options):
        from dfe.fake.server import FakeDfe
        from dfe.fake.state import Dfe

        dfe = Dfe()
        lead = dfe.add_lead("Demo lead provider", token)
        for n, name in enumerate(NAMES):
            dfe.add_application(
                lead,
                full_name=name,
                email=f"{name.split()[0].lower()}@school.example",
                teacher_reference_number=f"{3000001 + n}",
                school_urn=f"{141000 + n}",
                employer_name=f"Demo School {n + 1}",
                works_as_senco=n % 3 != 0,
                senco_start_date=f"2026-0{1 + n % 9}-01" if n % 3 else None,
                eligible_for_funding=n % 5 != 4,
            )
        today = dt.date.today()
        for months in range(0, 12, 3):
            cut_off = (today.replace(day=1) + dt.timedelta(days=31 * months)).replace(day=28)
            dfe.add_statement(
                lead,
                cohort="2026",
                month=cut_off.strftime("%B"),
                year=str(cut_off.year),
                cut_off=cut_off,
                payment=cut_off + dt.timedelta(days=25),
            )
        server = FakeDfe.start(dfe, port=port)
        self.stdout.write(f"Offline DfE at {server.url} (token: {token}). Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()
