"""`make bench`: every page of every role at a tenth of national scale and at full scale, beside two floors
measured in the same run; requests/s under gunicorn; documents, uploads and the reminder sweep. Writes
docs/benchmarks.md with each of issue 13's targets marked met or not.

Needs PostgreSQL (DATABASE_URL): the national dataset is loaded with COPY (``seed_scale``). It runs in a
throwaway test database; the data is described in nasenco/scale.py.
"""

import datetime as dt
import gc
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="nasenco-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.template import Template  # noqa: E402
from django.test.utils import _TestState, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.benchmarks import pages, report, server  # noqa: E402

BUSIEST = [  # under gunicorn, beside the floors: (email, label, URL)
    ("sixty@scale-00.example", "Participant dashboard", "/"),
    ("sixty@scale-00.example", "Portfolio, 60 items", "/portfolio/"),
    ("admin@scale-00.example", "Applications and places, page 1", "/applications/"),
]


def _seed(size: str) -> float:
    start = time.perf_counter()
    call_command("seed_scale", size=size, stdout=io.StringIO())
    return time.perf_counter() - start


def _measure_pages() -> dict:
    # What loading the data left behind is collected, and what stays is set aside from the garbage
    # collector, so both sizes are measured with the same collector work per request.
    gc.collect()
    gc.freeze()
    items = pages.pages()
    floors = pages.floors({rows for *_, rows in items if rows})
    return {"pages": pages.measure(items), "floors": pages.measure(floors), "items": items, "floor_items": floors}


def _throughput() -> dict:
    admin = server.cookie_for("admin@scale-00.example")
    found = {}
    with server.gunicorn(workers=2) as (base, _):
        found["Floor: minimal authenticated page"] = server.wrk(base, "/bench/floor/", admin)
        found["Floor: bare 50-row table"] = server.wrk(base, "/bench/floor/50/", admin)
        for email, label, url in BUSIEST:
            found[label] = server.wrk(base, url, server.cookie_for(email))
    return found


def _fresh(kind: str, pk: int, *warmed: str) -> dict:
    env = {**os.environ, "DATABASE_URL": server._database_url(), "DEBUG": "false"}
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.fresh", kind, str(pk), *warmed],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _documents() -> dict:
    from assessment.models import Award
    from cohorts.models import Cohort
    from tests.benchmarks.portfolios import portfolio_with

    place = Cohort.objects.get(name="Scale 00000").enrolments.order_by("pk").last()
    award, _ = Award.objects.get_or_create(
        enrolment=place,
        defaults={"certificate_number": "NASENCO-2026-BENCH001", "scope": "full", "completed_on": dt.date(2026, 7, 1)},
    )
    portfolio = portfolio_with(60, participant_email="sarah.ahmed@school.example")
    found = {
        "certificate_cold": _fresh("certificate", award.pk),
        "certificate_warmed": _fresh("certificate", award.pk, "--warmed"),
        "portfolio": _fresh("portfolio", portfolio.pk, "--warmed"),
    }
    # The exam-board PDF: the request only queues it; a worker renders it.
    from django.test import Client

    from nasenco.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="admin@scale-00.example"))
    big = Cohort.objects.get(name="Scale 00000")
    start = time.perf_counter()
    response = client.post(f"/assessment/cohort/{big.pk}/exam-board.pdf")  # a POST: it starts a job
    found["exam_board"] = {
        "ms": (time.perf_counter() - start) * 1000,
        "status": response.status_code,
        "to": response.get("Location", ""),
        "pdf_in_request": response.get("Content-Type", "").startswith("application/pdf"),
    }
    pdf = server.big_pdf(Path(settings.VAR_DIR) / "scan-20mb.pdf", 19)
    found["upload"] = server.upload_growth("sixty@scale-00.example", pdf)
    return found


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("make bench loads the national dataset with PostgreSQL COPY: set DATABASE_URL (see README).")
    setup_test_environment(debug=False)  # as in production; the query log is kept for measured pages only
    # ...but templates render as in production: the test setup's instrumented rendering (a signal and a copy
    # of the context for every template, each widget included) would be measured as the page's own work.
    Template._render = _TestState.saved_data.template_render
    request_finished.disconnect(close_old_connections)  # one persistent connection, as in production
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from nasenco.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = {"started": timezone.localtime()}
    try:
        results["seed_small_s"] = _seed("small")
        results["small"] = _measure_pages()
        results["seed_full_s"] = _seed("full")
        results["counts"] = report.counts()
        results["full"] = _measure_pages()
        results["wrk"] = _throughput()
        results["documents"] = _documents()
        from tests.benchmarks import reminders as reminders_bench

        results["reminders"] = reminders_bench.run()
        from tests.benchmarks import dfe as dfe_bench

        results["dfe"] = dfe_bench.run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    results["machine"] = (
        f"{platform.python_implementation()} {platform.python_version()}, PostgreSQL, {os.cpu_count()} cores"
    )
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text(report.markdown(results))
    print(out.read_text())


if __name__ == "__main__":
    main()
