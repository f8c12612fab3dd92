"""Issue 25 (10): every prepared file finishes or says "failed" within a set time, on a real worker."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nasenco.files.models import StoredFile
from nasenco.files.services import GIVE_UP, SAVE_FAILED, stored_file_claim, stored_file_progress, stored_files_relay

from .conftest import broker, wait_for
from .test_outages import Silent, silent_storage

pytestmark = pytest.mark.celery_worker


def _portfolio_pdf_asked_for(client, cast) -> StoredFile:
    client.force_login(cast.participant_a1)
    portfolio = cast.participant_a1.enrolments.get().portfolio
    client.post(reverse("portfolio:export", args=[portfolio.pk, "pdf"]))
    return StoredFile.objects.get(kind="portfolio-pdf")


def _left_by_a_killed_worker(stored: StoredFile) -> None:
    """What a worker SIGKILLed mid-render leaves: the row claimed at 30%, its message never acknowledged."""
    assert stored_file_claim(stored_file_id=stored.pk)
    stored_file_progress(stored_file_id=stored.pk, percent=30)


def test_a_render_whose_worker_died_is_taken_over_then_finishes(client, cast, redis_url, start_worker):
    with broker(redis_url):
        stored = _portfolio_pdf_asked_for(client, cast)  # nothing listens yet: the nudge waits in Redis
        _left_by_a_killed_worker(stored)
        assert stored_files_relay() == 0  # a live claim is never taken over
        start_worker(redis_url)
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
            assert stored_files_relay() == 1  # the stale claim is back to waiting and handed over
    assert wait_for(lambda: StoredFile.objects.get(pk=stored.pk).status == StoredFile.Status.READY)
    assert StoredFile.objects.get(pk=stored.pk).attempts == 2


@pytest.mark.django_db
def test_a_second_death_shows_failed_and_so_does_a_file_stuck_waiting(client, cast):
    stored = _portfolio_pdf_asked_for(client, cast)  # not started: its nudge waits for the commit
    StoredFile.objects.filter(pk=stored.pk).update(attempts=1)  # a worker died on it once already
    _left_by_a_killed_worker(stored)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        stored_files_relay()
    stored.refresh_from_db()
    assert stored.status == StoredFile.Status.FAILED and stored.error == GIVE_UP
    page = client.get(reverse("files:status", args=[stored.pk])).content.decode()
    assert "could not be prepared" in page and "try again" in page

    waiting = StoredFile.objects.create(kind="test", name="x.pdf", created_by=cast.admin_a, task_name="t.never")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1), tick=False):
        stored_files_relay()
    waiting.refresh_from_db()
    assert waiting.status == StoredFile.Status.FAILED


@pytest.mark.django_db
def test_a_storage_error_while_saving_shows_failed_not_95_percent(
    client, cast, settings, django_capture_on_commit_callbacks
):
    silent = Silent()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": silent_storage(silent.port)}
        with pytest.raises(Exception), django_capture_on_commit_callbacks(execute=True):  # noqa: B017
            _portfolio_pdf_asked_for(client, cast)  # rendered here (eager); the worker would log the error
    finally:
        silent.close()
    stored = StoredFile.objects.get(kind="portfolio-pdf")
    assert stored.status == StoredFile.Status.FAILED and stored.error == SAVE_FAILED
