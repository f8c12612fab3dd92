"""The reminder sweep over 100,000 enrolments: seeded in bulk, swept for one day, timed and counted.

20 providers × 200 cohorts × 25 participants. Statutory deadlines are spread evenly over three years
(about 90 a day), each cohort has six teaching days across the year and one assignment due date, and each
place has a headteacher to copy. That makes roughly 10,000 reminders on the measured day.
"""

import datetime as dt
import gc
import time
import tracemalloc

from django.db import connection
from django.test.utils import CaptureQueriesContext

PROVIDERS = 20
COHORTS_PER_PROVIDER = 200
PER_COHORT = 25
FIRST_DEADLINE = dt.date(2025, 9, 1)
SIZES = (50_000, 100_000)


def seed(total: int) -> None:
    """Add providers, cohorts and enrolments (with users) until there are ``total`` bench enrolments."""
    from assessment.models import Component, DueDate
    from cohorts.models import Cohort, Membership, Programme, Provider, TeachingDay
    from enrolment.models import Enrolment
    from nasenco.accounts.models import User

    have = Enrolment.objects.filter(cohort__name__startswith="Sweep ").count()
    cohorts_needed = (total - have) // PER_COHORT
    providers = []
    for p in range(PROVIDERS):
        provider, created = Provider.objects.get_or_create(
            name=f"Sweep provider {p:02d}", defaults={"slug": f"sweep-{p:02d}"}
        )
        if created:
            admin = User.objects.create_user(f"sweep-admin-{p:02d}@bench.example", None, full_name=f"Admin {p}")
            Membership.objects.create(provider=provider, user=admin, role=Membership.Role.ADMIN)
            programme = Programme.objects.create(provider=provider, title="NASENCO")
            Component.objects.create(programme=programme, title="Assignment 1", kind="level7", credits=30)
        providers.append(provider)
    start = Cohort.objects.filter(name__startswith="Sweep ").count()
    new_cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                provider=providers[n % PROVIDERS],
                programme=providers[n % PROVIDERS].programmes.get(),
                name=f"Sweep {n:05d}",
                academic_year="2026-27",
                status=Cohort.Status.RUNNING,
            )
            for n in range(start, start + cohorts_needed)
        ],
        batch_size=2000,
    )
    year = dt.date(2026, 9, 7)
    TeachingDay.objects.bulk_create(
        [
            TeachingDay(
                cohort=cohort,
                number=d + 1,
                date=year + dt.timedelta(days=(cohort.pk * 7 + d * 53) % 330),
                mode=TeachingDay.Mode.VIRTUAL,
                joining_link="https://classroom.example.org/room",
                start_time=dt.time(9, 30),
                end_time=dt.time(15, 30),
            )
            for cohort in new_cohorts
            for d in range(6)
        ],
        batch_size=5000,
    )
    components = {
        c.programme.provider_id: c for c in Component.objects.filter(title="Assignment 1").select_related("programme")
    }
    DueDate.objects.bulk_create(
        [
            DueDate(
                component=components[cohort.provider_id],
                cohort=cohort,
                due_on=year + dt.timedelta(days=60 + cohort.pk % 300),
            )
            for cohort in new_cohorts
        ],
        batch_size=5000,
    )
    users = User.objects.bulk_create(
        [
            User(email=f"sweep-{start}-{n:06d}@school.example", full_name=f"Participant {n}", password="!")
            for n in range(cohorts_needed * PER_COHORT)
        ],
        batch_size=5000,
    )
    days = (dt.date(2028, 8, 31) - FIRST_DEADLINE).days
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=new_cohorts[n // PER_COHORT],
                provider_id=new_cohorts[n // PER_COHORT].provider_id,
                participant=user,
                status=Enrolment.Status.ACTIVE,
                headteacher_name="Head",
                headteacher_email=f"head-{n % 5000}@school.example",
                statutory_deadline=FIRST_DEADLINE + dt.timedelta(days=(n * 7919) % days),
            )
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )


def measure(day: dt.date) -> dict:
    """Sweep ``day`` from empty, then again (everything already stored); time, queries and memory."""
    from nasenco.mail.models import OutboxEmail
    from reminders.models import Reminder
    from reminders.services import reminders_sweep

    Reminder.objects.all().delete()
    OutboxEmail.objects.filter(template__startswith="reminders/").delete()
    # As in a worker: what loading the data left is collected and the rest set aside from the collector.
    gc.collect()
    gc.freeze()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        first = reminders_sweep(today=day)
        first_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    again = reminders_sweep(today=day)
    again_ms = (time.perf_counter() - start) * 1000
    tracemalloc.start()
    reminders_sweep(today=day, dry_run=True)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    by_rule = {}
    for item in first.prepared:
        by_rule[item.due.rule.code] = by_rule.get(item.due.rule.code, 0) + 1
    return {
        "ms": first_ms,
        "queries": len(queries),
        "stored": first.stored,
        "again_ms": again_ms,
        "again_stored": again.stored,
        "peak_mib": peak,
        "by_rule": by_rule,
    }


def run(day: dt.date = dt.date(2026, 11, 24)) -> dict:
    """Seed 10,000 then 100,000 enrolments and sweep at each size: the markdown lines for the report, and the
    measurements at full size."""
    from enrolment.models import Enrolment
    from nasenco.celery import app as celery_app

    # The sweep hands its emails over after commit; publish to the in-memory broker, not to a real Redis
    # with no worker behind it (sending is measured by the worker tests, not here).
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    celery_app._pool = celery_app.amqp._producer_pool = None
    rows = []
    for total in SIZES:  # enrolments in all, the national dataset's included
        others = Enrolment.objects.exclude(cohort__name__startswith="Sweep ").count()
        seed(max(0, total - others))
        result = measure(day)
        rows.append((Enrolment.objects.count(), result))
    celery_app.conf.task_always_eager = True
    lines = [
        "",
        f"## The reminder sweep ({day:%-d %B %Y})",
        "",
        "On top of the national dataset, enrolments in bulk until there are 50,000 and then 100,000 in all (in "
        "providers of 200 cohorts × 25 places; deadlines spread over three years, six teaching days and one due "
        "date per cohort, a headteacher for each place). The first sweep stores every reminder; the "
        "second finds them all stored and adds nothing.",
        "",
        "| enrolments | reminders stored | first sweep ms | SQL queries | second sweep ms (stores) | "
        "peak Python memory (MiB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in rows:
        lines.append(
            f"| {count:,} | {r['stored']:,} | {r['ms']:.0f} | {r['queries']} | {r['again_ms']:.0f} "
            f"({r['again_stored']}) | {r['peak_mib']:.0f} |"
        )
    mix = ", ".join(f"{rule} {n:,}" for rule, n in sorted(rows[-1][1]["by_rule"].items()))
    lines += [
        "",
        f"At full size: {mix}. The finders are a fixed number of queries whatever the number of enrolments; "
        "storing is, per 1,000 reminders, a COPY and one INSERT … ON CONFLICT DO NOTHING for the emails (their ids "
        "come back from it) and the same for the reminders, so the "
        "count follows the reminders due that day, not the enrolments.",
        "",
    ]
    return {"lines": lines, "full": rows[-1][1], "enrolments": rows[-1][0]}
