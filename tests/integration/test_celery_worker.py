"""A real Celery worker, in its own process, takes a real task from Redis and does the work."""

import time

import pytest
from django.db import connection

from cohorts.tasks import render_cohort_timetable
from nasenco.celery import app as celery_app
from nasenco.files.models import StoredFile
from nasenco.files.services import stored_file_request

pytestmark = pytest.mark.celery_worker


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
