"""Serve the offline DfE (development and demos). With ``--state``, what it holds is kept in that file and
read again on the next start; a new file starts with a demo lead provider, a dozen NPQ for SENCOs
applications and the year's statements."""

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand

DEMO_TOKEN = "demo-lead-provider-token"  # noqa: S105 - the offline DfE's own demo token, not a secret


class Command(BaseCommand):
    help = "Serve a stateful offline copy of DfE's Lead Provider API (v3) for development and demos."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--state", type=Path, help="Keep the state in this JSON file.")

    def handle(self, *args, port, state, **options):
        from dfe.fake.seed import seed_lead
        from dfe.fake.server import FakeDfe
        from dfe.fake.state import Dfe

        dfe = Dfe()
        if state and state.exists():
            dfe.load(state)
        else:
            seed_lead(dfe, name="Best Practice Network", token=DEMO_TOKEN, today=dt.date.today())
            if state:
                state.parent.mkdir(parents=True, exist_ok=True)
                dfe.dump(state)
        server = FakeDfe.start(dfe, port=port, state_file=state)
        self.stdout.write(f"Offline DfE at {server.url} (demo token: {DEMO_TOKEN}). Ctrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()
