"""DfE syncs at two sizes: the offline DfE over HTTP with 300 and 3,000 NPQ for SENCOs applications, read
and stored by ``dfe.services.sync`` (1,000 a page), timed beside the queries and requests it took."""

import datetime as dt
import time

from django.db import connection as db
from django.test.utils import CaptureQueriesContext


def _once(size: int) -> dict:
    from cohorts.models import Provider
    from dfe.fake.server import FakeDfe
    from dfe.fake.state import Dfe
    from dfe.services import connection_for, connection_save, sync

    provider = Provider.objects.create(name=f"DfE bench {size}", slug=f"dfe-bench-{size}")
    server = FakeDfe.start(Dfe())
    try:
        lead = server.dfe.add_lead(provider.name, f"bench-{size}")
        for n in range(size):
            server.dfe.add_application(
                lead, full_name=f"Teacher {n}", email=f"t{n}.{size}@school.example",
                teacher_reference_number=f"{4000000 + n}", school_urn=f"{150000 + n % 500}",
                senco_start_date=(dt.date(2026, 9, 1) - dt.timedelta(days=n % 700)).isoformat(),
            )  # fmt: skip
        connection = connection_for(provider)
        connection_save(connection=connection, base_url=server.url, token=lead.token, delivery_partner_id=None, by=None)
        start = time.perf_counter()
        with CaptureQueriesContext(db) as queries:
            done = sync(connection, full=True)
        seconds = time.perf_counter() - start
        return {
            "size": size,
            "s": seconds,
            "queries": len(queries),
            "requests": len(server.dfe.requests),
            "stored": done["applications"]["new"],
        }
    finally:
        server.stop()


def run() -> dict:
    from django.conf import settings

    settings.DFE_PAGE_SIZE = 1000
    settings.DFE_REQUESTS_PER_5_MINUTES = 10_000  # the bench measures the portal, not DfE's budget
    small, full = _once(300), _once(3000)
    lines = [
        "## DfE: a full sync of NPQ applications",
        "",
        "The offline DfE (dfe/fake) over HTTP on loopback, 1,000 applications a page, every exchange unchecked "
        "(as in production); the sync reads applications, participants, declarations, outcomes and statements.",
        "",
        "| applications | seconds | per application (ms) | queries | requests to DfE |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {r['stored']:,} | {r['s']:.2f} | {1000 * r['s'] / r['stored']:.2f} | {r['queries']} | {r['requests']} |"
            for r in (small, full)
        ),
        "",
    ]
    return {"small": small, "full": full, "lines": lines}
