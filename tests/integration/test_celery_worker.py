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


def test_the_request_id_follows_a_request_into_the_worker_log(client, redis_url, start_worker, cast):
    """A participant asks for their portfolio PDF behind a proxy that names the request; the worker's log
    lines for that task carry the same id (time, level and logger too)."""
    from django.urls import reverse

    from .conftest import broker

    worker = start_worker(redis_url)
    portfolio = cast.participant_a1.enrolments.get().portfolio
    client.force_login(cast.participant_a1)
    with broker(redis_url):
        response = client.post(
            reverse("portfolio:export", args=[portfolio.pk, "pdf"]), HTTP_X_REQUEST_ID="trace-0001abcd"
        )
    assert response.status_code == 302 and response["X-Request-ID"] == "trace-0001abcd"
    stored = _wait_until_finished(StoredFile.objects.get(kind="portfolio-pdf"))
    assert stored.status == StoredFile.Status.READY, stored.error
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        worker.log.seek(0)
        carried = [line for line in worker.log.read().splitlines() if "[trace-0001abcd]" in line]
        if any("succeeded" in line for line in carried):
            break
        time.sleep(0.2)
    assert any("render_portfolio_export" in line and " INFO celery." in line for line in carried), carried
