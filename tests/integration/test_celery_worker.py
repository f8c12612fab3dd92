"""A real Celery worker, in its own process, takes a real task from Redis and does the work."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from cohorts.tasks import render_cohort_timetable
from nasenco.celery import app as celery_app
from nasenco.files.models import StoredFile
from nasenco.files.services import stored_file_request

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.celery_worker


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(redis_url, transactional_db, tmp_path):
    """Start ``celery worker`` on the throwaway Redis, pointed at the test database and file folder."""
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": _database_url(),
        "PRIVATE_MEDIA_ROOT": str(media),
        "VAR_DIR": str(tmp_path / "worker-var"),
    }
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - closed below, after the worker stops
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nasenco",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname=test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield redis_url
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.seek(0)
    print(log.read())  # shown by pytest only when the test failed
    log.close()


def test_worker_renders_a_timetable_pdf_sent_through_redis(worker, cast):
    stored = stored_file_request(by=cast.admin_a, kind="cohort-timetable", name="Timetable — A1.pdf")
    celery_app.conf.task_always_eager = False  # the autouse fixture in conftest puts it back
    with celery_app.connection_for_write(worker) as conn:
        render_cohort_timetable.apply_async(
            kwargs={"stored_file_id": str(stored.pk), "cohort_id": cast.cohort_a1.pk}, connection=conn
        )

    stored = _wait_until_finished(stored)
    assert stored.status == StoredFile.Status.READY, f"still {stored.status}: {stored.error}"
    assert stored.content_type == "application/pdf"
    with stored.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert stored.size == stored.file.size


def test_worker_renders_a_portfolio_pdf_sent_through_redis(worker, cast):
    from io import BytesIO

    from pypdf import PdfReader

    from portfolio.services import portfolio_for
    from portfolio.tasks import render_portfolio_export
    from tests.factories import EvidenceFactory

    portfolio = portfolio_for(cast.participant_a1.enrolments.get())
    for n in range(12):
        EvidenceFactory(portfolio=portfolio, title=f"Item {n:02d}")
    stored = stored_file_request(by=cast.tutor_a1, kind="portfolio-pdf", name="Portfolio.pdf")
    celery_app.conf.task_always_eager = False  # the autouse fixture in conftest puts it back
    with celery_app.connection_for_write(worker) as conn:
        render_portfolio_export.apply_async(
            kwargs={"stored_file_id": str(stored.pk), "portfolio_id": portfolio.pk, "kind": "pdf"}, connection=conn
        )
    stored = _wait_until_finished(stored)
    assert stored.status == StoredFile.Status.READY, stored.error
    with stored.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    assert "12. Item 11" in text


def _wait_until_finished(stored, seconds: int = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stored.refresh_from_db()
        if stored.is_finished:
            break
        connection.close()  # see the worker's commits, not a snapshot
        time.sleep(0.25)
    return stored
