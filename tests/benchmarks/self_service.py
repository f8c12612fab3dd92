"""Provider self-service at scale: a 10,000-row participant import previewed and committed, and the search
box over 40,000 participants."""

import statistics
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

IMPORT_ROWS = 10_000
SEARCH_PEOPLE = 40_000


def _import_file() -> SimpleUploadedFile:
    lines = ["Name,Email,TRN,School URN,School,Role,Date appointed,Qualification,Induction,Setting"]
    for n in range(IMPORT_ROWS):
        lines.append(
            f"Imported Person {n:05d},imported{n:05d}@bench.example,{2000000 + n},{300000 + n % 500},"
            f"Bench School {n % 500},designated,2025-0{1 + n % 9}-0{1 + n % 9},QTS,completed,maintained"
        )
    return SimpleUploadedFile("bench-10000.csv", ("\n".join(lines) + "\n").encode())


def _measured(call):
    tracemalloc.start()
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return result, seconds, peak


def run(admin) -> list[str]:
    from cohorts.models import Cohort, Membership, Programme
    from enrolment.models import Enrolment
    from enrolment.services import import_confirm, import_preview

    provider = admin.memberships.get(role=Membership.Role.ADMIN).provider
    programme = Programme.objects.create(provider=provider, title="Bench import programme")
    cohort = Cohort.objects.create(
        provider=provider, programme=programme, name="Bench import", academic_year="2026-27", capacity=IMPORT_ROWS
    )
    upload = _import_file()
    batch, preview_s, preview_mib = _measured(lambda: import_preview(cohort=cohort, upload=upload, by=admin))
    batch, commit_s, commit_mib = _measured(lambda: import_confirm(batch=batch, by=admin))
    batch.refresh_from_db()
    placed = Enrolment.objects.filter(cohort=cohort).count()
    again, again_s, _ = _measured(lambda: import_preview(cohort=cohort, upload=_import_file(), by=admin))

    search = _search_at_scale(admin, provider, programme)
    return [
        "## Provider self-service",
        "",
        "| step | seconds | peak Python memory (MiB) | result |",
        "|---|---:|---:|---|",
        f"| Participant import, {IMPORT_ROWS:,} rows: read and check into the preview | {preview_s:.1f} | "
        f"{preview_mib:.0f} | {batch.to_add:,} to add, nothing written |",
        f"| The same import confirmed (accounts, profiles, places, eligibility, welcome emails) | {commit_s:.1f} | "
        f"{commit_mib:.0f} | {batch.added:,} added; {placed:,} places on the cohort |",
        f"| The same file again: preview | {again_s:.1f} | — | {again.count('on-cohort'):,} already on the cohort, "
        f"{again.to_add} to add |",
        "",
        "| search over {:,} participants ({}) | median ms | p95 ms | SQL queries | results |".format(
            search["people"], connection.vendor
        ),
        "|---|---:|---:|---:|---:|",
        *[
            f"| “{term}” — provider admin | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['results']} |"
            for term, r in search["terms"]
        ],
        "",
    ]


def _search_at_scale(admin, provider, programme) -> dict:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cohorts.models import Cohort
    from enrolment.models import Enrolment, ParticipantProfile, School
    from nasenco.accounts.models import User
    from search.selectors import search

    existing = Enrolment.objects.filter(cohort__provider=provider).count()
    needed = max(0, SEARCH_PEOPLE - existing)
    cohorts = [
        Cohort.objects.create(
            provider=provider, programme=programme, name=f"Search bench {n:03d}", academic_year="2026-27", capacity=25
        )
        for n in range(needed // 25 + 1)
    ]
    schools = School.objects.bulk_create(
        [School(name=f"Search School {n}", urn=f"{700000 + n}", setting="maintained") for n in range(400)]
    )
    for start in range(0, needed, 5000):
        count = min(5000, needed - start)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"searchable{start + n:05d}@bench.example",
                    full_name=f"Searchable Person {start + n:05d}",
                    password="!",
                )
                for n in range(count)
            ]
        )
        ParticipantProfile.objects.bulk_create(
            [
                ParticipantProfile(user=u, trn=f"{5000000 + start + n}", school=schools[(start + n) % 400])
                for n, u in enumerate(users)
            ]
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    cohort=cohorts[(start + n) // 25],
                    provider_id=cohorts[(start + n) // 25].provider_id,
                    participant=u,
                    status="active",
                )
                for n, u in enumerate(users)
            ]
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    people = Enrolment.objects.filter(cohort__provider=provider).count()
    client = Client()
    client.force_login(admin)
    terms = []
    for term in ("Person 12345", "searchable10000@", "5012345", "Search School 17", "zzzz-nobody"):
        for _ in range(3):
            client.get("/search/", {"q": term})
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": term})
        query_count = len(queries)  # read now: later requests reset the connection's query log
        samples = []
        for _ in range(20):
            start = time.perf_counter()
            client.get("/search/", {"q": term})
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        results = len(search(admin, term)["places"])
        terms.append(
            (
                term,
                {"median": statistics.median(samples), "p95": samples[18], "queries": query_count, "results": results},
            )
        )
    return {"people": people, "terms": terms}
