"""`make bench`: time, queries and memory of the portal's pages and documents; writes docs/benchmarks.md.

Runs against a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) filled by
seed_demo plus extra cohorts, so the figures reflect a provider with a full year's groups.
"""

import datetime as dt
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasenco.settings")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="nasenco-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

EXTRA_COHORTS = 120
REQUESTS = 40


def _fill(extra: int) -> None:
    """Add ``extra`` cohorts with 8 days and 20 participants each to Eastern Partnership."""
    from cohorts import services
    from cohorts.models import Cohort, Programme, TeachingDay
    from enrolment.models import Enrolment, ParticipantProfile
    from nasenco.accounts.models import User

    programme = Programme.objects.get(provider__slug="eastern-partnership")
    tutor = User.objects.get(email="tutor.morgan@eastern-partnership.example")
    for n in range(extra):
        start = dt.date(2023, 9, 18) + dt.timedelta(days=n % 20)
        cohort = services.cohort_create(
            programme=programme,
            name=f"Bench group {n:03d}",
            academic_year="2023-24",
            delivery=Cohort.Delivery.VIRTUAL,
            status=Cohort.Status.RUNNING,
            capacity=30,
            days=[
                {
                    "number": d,
                    "date": start + dt.timedelta(weeks=5 * d),
                    "mode": TeachingDay.Mode.VIRTUAL,
                    "joining_link": "https://classroom.example.org/b",
                }
                for d in range(8)
            ],
            tutors=[tutor],
        )
        people = User.objects.bulk_create(
            [User(email=f"bench{n}-{i}@school.example", full_name=f"Bench {n} {i}") for i in range(20)]
        )
        Enrolment.objects.bulk_create([Enrolment(cohort=cohort, participant=p, status="active") for p in people])
        ParticipantProfile.objects.bulk_create(
            [
                ParticipantProfile(
                    user=p,
                    qualified_status="QTS",
                    qualified_on=dt.date(2010, 7, 16),
                    induction="completed",
                    role="designated",
                    appointed_senco_on=dt.date(2023, 9, 1) + dt.timedelta(days=11 * i),
                )
                for i, p in enumerate(people)
            ]
        )


def _portfolio_with(items: int, *, participant_email: str, cohort=None):
    """A portfolio with ``items`` evidence items, each with a small PDF and two accepted mappings."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from enrolment.models import Enrolment
    from nasenco.files.samples import SMALL_PDF
    from nasenco.files.uploads import check_evidence_upload
    from portfolio import services
    from portfolio.models import Outcome

    enrolment = Enrolment.objects.filter(participant__email=participant_email)
    enrolment = (enrolment.filter(cohort=cohort) if cohort else enrolment).first()
    portfolio = services.portfolio_for(enrolment)
    outcomes = list(Outcome.objects.filter(framework=portfolio.framework))
    tutor = enrolment.cohort.tutors.first()
    for n in range(items):
        upload = SimpleUploadedFile(f"item {n}.pdf", SMALL_PDF)
        evidence = services.evidence_save(
            portfolio=portfolio,
            evidence=None,
            fields={
                "title": f"Bench item {n}",
                "kind": "policy",
                "activity_date": dt.date(2024, 1, 1),
                "reflection": "What I did and what changed. " * 20,
                "pupils_not_identifiable": True,
            },
            files=[(upload, check_evidence_upload(upload, max_bytes=10_000_000))],
        )
        for outcome in (outcomes[n % len(outcomes)], outcomes[(n + 5) % len(outcomes)]):
            mapping = services.mapping_add(
                evidence=evidence, outcome=outcome, justification="x", by=enrolment.participant
            )
            if tutor:
                services.mapping_review(mapping=mapping, status="accepted", comment="", by=tutor)
    return portfolio


def _assessed_cohort(cohort, *, people: int = 40, components: int = 4):
    """``people`` participants on ``cohort``, each with ``components`` pieces marked, moderated and released."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import services as assessment
    from enrolment.models import Enrolment
    from nasenco.accounts.models import User
    from nasenco.files.samples import SMALL_PDF
    from nasenco.files.uploads import check_evidence_upload
    from tests.factories import moderate_and_release

    tutor = cohort.tutors.first()
    admin = cohort.provider.memberships.filter(role="admin").first().user
    have = Enrolment.objects.filter(cohort=cohort).count()
    extra = User.objects.bulk_create(
        [User(email=f"assessed{i}@school.example", full_name=f"Assessed {i}") for i in range(max(0, people - have))]
    )
    Enrolment.objects.bulk_create([Enrolment(cohort=cohort, participant=u, status="active") for u in extra])
    made = [
        assessment.component_create(
            programme=cohort.programme, title=f"Bench component {n}", kind="level7", credits=15, order=100 + n
        )
        for n in range(components)
    ]
    for enrolment in Enrolment.objects.filter(cohort=cohort):
        for component in made:
            upload = SimpleUploadedFile("w.pdf", SMALL_PDF)
            submission = assessment.submission_create(
                enrolment=enrolment,
                component=component,
                upload=upload,
                checked=check_evidence_upload(upload, max_bytes=10_000_000),
                word_count=1000,
                own_work=True,
            )
            assessment.allocate(submission=submission, marker=tutor, by=None)
            assessment.mark_save(
                submission=submission,
                by=tutor,
                criterion_marks={c.pk: 55 + enrolment.pk % 20 for c in component.criteria.all()},
                feedback="x",
                expected_version=submission.version,
            )
    for component in made:
        moderate_and_release(cohort=cohort, component=component, moderator=admin, admin=admin)


def _time_page(client: Client, url: str, method: str = "get") -> dict:
    for _ in range(3):
        getattr(client, method)(url)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    query_count = len(queries)  # read now: later requests reset the connection's query log
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        getattr(client, method)(url)
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    getattr(client, method)(url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p95": samples[int(len(samples) * 0.95) - 1],
        "queries": query_count,
        "peak_kib": peak / 1024,
    }


def main() -> None:
    setup_test_environment(debug=False)  # as in production; also keeps the query log for measured pages only
    # As in production with persistent connections: one connection for the whole run.
    request_finished.disconnect(close_old_connections)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from nasenco.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", stdout=io.StringIO())
        _fill(EXTRA_COHORTS)
        from cohorts.documents import timetable_pdf
        from cohorts.models import Cohort, TeachingDay
        from enrolment.models import Enrolment
        from nasenco.accounts.models import User

        group_152 = Cohort.objects.get(name="Group 152")
        busy_cohort = Cohort.objects.get(name="Bench group 000")
        register_day = busy_cohort.days.get(number=1)
        three = User.objects.create_user("three@school.example", "x", full_name="In Three Cohorts")
        for name in ("Bench group 001", "Bench group 002", "Bench group 003"):
            Enrolment.objects.create(cohort=Cohort.objects.get(name=name), participant=three, status="active")
        from cohorts.services import calendar_feed_for

        feed_three = calendar_feed_for(three).token
        _assessed_cohort(busy_cohort)
        big_portfolio = _portfolio_with(60, participant_email="sarah.ahmed@school.example")
        for enrolment in Enrolment.objects.filter(cohort=busy_cohort).select_related("participant")[:20]:
            _portfolio_with(8, participant_email=enrolment.participant.email, cohort=busy_cohort)
        feed_tutor = calendar_feed_for(User.objects.get(email="tutor.morgan@eastern-partnership.example")).token
        rows = []
        for who, email, pages in [
            (
                "provider admin",
                "admin@eastern-partnership.example",
                [
                    ("Dashboard", "/"),
                    ("Cohort list (page 1 of 6)", "/cohorts/"),
                    ("Cohort detail, 20 participants", f"/cohorts/{busy_cohort.pk}/"),
                    ("Cohort edit form, 8 sessions", f"/cohorts/{busy_cohort.pk}/edit/"),
                    (f"Applications (page 1 of {EXTRA_COHORTS * 20 // 50 + 1})", "/applications/"),
                    (f"At-risk list over {EXTRA_COHORTS * 20} places", "/applications/at-risk/"),
                    ("Cohort list as CSV, 20 places", f"/applications/cohort/{busy_cohort.pk}.csv"),
                    ("Marking queue, 40 × 4 components", f"/assessment/cohort/{busy_cohort.pk}/marking/"),
                    ("Exam-board report CSV, 40 × 4 components", f"/assessment/cohort/{busy_cohort.pk}/exam-board.csv"),
                ],
            ),
            (
                "tutor",
                "tutor.morgan@eastern-partnership.example",
                [
                    ("Dashboard", "/"),
                    ("Cohort list", "/cohorts/"),
                    (
                        "Register, 20 participants",
                        f"/cohorts/{busy_cohort.pk}/days/{register_day.pk}/register/",
                    ),
                    ("Coverage heat-map, 20 participants × 14 outcomes", f"/portfolio/cohort/{busy_cohort.pk}/"),
                ],
            ),
            (
                "participant",
                "sarah.ahmed@school.example",
                [("Dashboard", "/"), ("My programme", "/programme/"), ("My portfolio, 60 items", "/portfolio/")],
            ),
        ]:
            client = Client()
            client.force_login(User.objects.get(email=email))
            for label, url in pages:
                rows.append((f"{label} — {who}", _time_page(client, url)))
        rows.append(("Health check — anonymous", _time_page(Client(), "/healthz")))
        rows.append(
            (
                "Calendar feed, 3 cohorts (24 events) — participant",
                _time_page(Client(), f"/cohorts/calendar/{feed_three}.ics"),
            )
        )
        rows.append(
            (
                f"Calendar feed, {EXTRA_COHORTS + 1} cohorts taught — tutor",
                _time_page(Client(), f"/cohorts/calendar/{feed_tutor}.ics"),
            )
        )

        pdf_times = []
        for _ in range(5):
            start = time.perf_counter()
            pdf = timetable_pdf(group_152)
            pdf_times.append((time.perf_counter() - start) * 1000)
        tracemalloc.start()
        timetable_pdf(group_152)
        pdf_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()

        from assessment.models import Award
        from nasenco.pdf import render_pdf
        from portfolio.exports import portfolio_pdf, portfolio_zip

        sample_award = Award(
            enrolment=Enrolment.objects.filter(cohort=busy_cohort).first(),
            certificate_number="NASENCO-2026-BENCH001",
            scope="full",
            completed_on=dt.date(2026, 7, 1),
        )
        start = time.perf_counter()
        certificate = render_pdf("assessment/certificate_pdf.html", {"award": sample_award})
        certificate_ms = (time.perf_counter() - start) * 1000

        start = time.perf_counter()
        big_pdf = portfolio_pdf(big_portfolio)
        portfolio_pdf_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        big_zip = portfolio_zip(big_portfolio)
        portfolio_zip_ms = (time.perf_counter() - start) * 1000

        start = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())
        reseed_ms = (time.perf_counter() - start) * 1000
        scale = (Cohort.objects.count(), TeachingDay.objects.count(), Enrolment.objects.count())

        from tests.benchmarks import reminders as reminders_bench

        reminder_lines = reminders_bench.run()
        from tests.benchmarks import self_service

        self_service_lines = self_service.run(User.objects.get(email="admin@eastern-partnership.example"))
        client = Client()
        client.force_login(User.objects.get(email="sweep-admin-00@bench.example"))
        reminders_page = _time_page(client, "/reminders/")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    vendor = connection.vendor
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {timezone.localtime():%-d %B %Y at %H:%M} "
        f"({platform.python_implementation()} {platform.python_version()}, {vendor}, "
        f"{os.cpu_count()} cores). Django test client in-process: the figures are the portal's own work "
        "(views, ORM, templates), without a network or a web server in front.",
        "",
        f"Data: seed_demo plus {EXTRA_COHORTS} extra cohorts — {scale[0]} cohorts, {scale[1]} teaching days, "
        f"{scale[2]} enrolments. Each page: 3 warm-up requests, then {REQUESTS} timed.",
        "",
        "| page | median ms | p95 ms | SQL queries | peak Python memory (KiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, r in rows:
        lines.append(f"| {label} | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['peak_kib']:.0f} |")
    lines += [
        "",
        "| document / command | median ms | notes |",
        "|---|---:|---|",
        f"| Cohort timetable PDF (WeasyPrint, 8 sessions) | {statistics.median(pdf_times):.0f} | "
        f"{len(pdf) / 1024:.0f} KiB; peak Python memory {pdf_peak:.1f} MiB; runs in a Celery task |",
        f"| Certificate PDF | {certificate_ms:.0f} | {len(certificate) / 1024:.0f} KiB; rendered in the request |",
        f"| Portfolio PDF, 60 items (in a Celery task) | {portfolio_pdf_ms:.0f} | {len(big_pdf) / 1024:.0f} KiB |",
        f"| Portfolio ZIP, 60 files (in a Celery task) | {portfolio_zip_ms:.0f} | {len(big_zip) / 1024:.0f} KiB |",
        f"| `seed_demo` when the demo is already loaded | {reseed_ms:.0f} | adds nothing |",
        "",
        "Query counts are also asserted by the tests at two sizes with the same literal number (cohort list and "
        "detail, dashboards, pipeline, at-risk, feeds, portfolio, heat-map, marking queue, exam-board report).",
        "",
        *self_service_lines,
        *reminder_lines,
        "| page | median ms | p95 ms | SQL queries | peak Python memory (KiB) |",
        "|---|---:|---:|---:|---:|",
        f"| Reminders page with tomorrow's preview, one provider of the 100,000 (5,000 places) — provider admin "
        f"| {reminders_page['median']:.1f} | {reminders_page['p95']:.1f} | {reminders_page['queries']} "
        f"| {reminders_page['peak_kib']:.0f} |",
        "",
    ]
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text("\n".join(lines))
    print(out.read_text())


if __name__ == "__main__":
    main()
