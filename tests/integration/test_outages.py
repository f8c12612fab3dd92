"""Hung and absent services (docs/operations.md): a Redis that stops answering, a storage endpoint that
accepts and never replies, and the broker down while people ask for exports and change timetables."""

import datetime as dt
import os
import signal
import smtplib
import socket
import threading
import time

import botocore.config
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.models import TimetableChange
from cohorts.services.timetable import timetable_changes_relay
from nasenco.files.models import StoredFile
from nasenco.files.services import stored_files_relay
from nasenco.mail.models import OutboxEmail
from nasenco.mail.tasks import send_queued_emails
from tests import factories
from tests.conftest import free_port, need_redis_server, start_redis

from .conftest import broker, wait_for

pytestmark = pytest.mark.celery_worker


class Silent:
    """A TCP endpoint that accepts connections and never says a word (a hung service)."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                self.held.append(self.server.accept()[0])
            except TimeoutError:
                continue

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        self.server.close()
        for conn in self.held:
            conn.close()


def silent_storage(port: int, *, read_timeout: int = 1, attempts: int = 1) -> dict:
    """A storage setting for an S3 endpoint on ``port`` that never answers (see ``Silent``)."""
    return {
        "BACKEND": "nasenco.files.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "portal",
            "endpoint_url": f"http://127.0.0.1:{port}",
            "access_key": "test",
            "secret_key": "test",
            "region_name": "eu-west-2",
            "client_config": botocore.config.Config(
                connect_timeout=min(3, read_timeout),
                read_timeout=read_timeout,
                retries={"max_attempts": attempts, "mode": "standard"},
            ),
        },
    }


@pytest.fixture
def stopped_redis():
    """A real redis-server, frozen with SIGSTOP: connections are accepted by the kernel, nothing answers."""
    need_redis_server()
    port = free_port()
    process = start_redis(port)
    os.kill(process.pid, signal.SIGSTOP)
    yield process, f"redis://127.0.0.1:{port}/0"
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def test_a_frozen_redis_costs_a_password_reset_seconds_and_the_email_goes_once_it_thaws(
    client, settings, stopped_redis, start_worker, smtp_sink
):
    process, url = stopped_redis
    factories.UserFactory(email="sam@school.example")
    settings.REDIS_URL = url

    with broker(url):
        started = time.monotonic()
        response = client.post(reverse("accounts:password-reset"), {"email": "sam@school.example"})
        took = time.monotonic() - started
    assert response.status_code == 302, response.status_code
    assert took < 5, f"the request waited {took:.1f} s for a frozen Redis"
    email = OutboxEmail.objects.get(to="sam@school.example")
    assert email.status == OutboxEmail.Status.QUEUED

    started = time.monotonic()
    health = client.get(reverse("healthz"))
    took = time.monotonic() - started
    assert health.status_code == 503 and health.json()["redis"].startswith("error"), health.json()
    assert health.json()["database"] == "ok"
    assert took < 3, f"/healthz took {took:.1f} s"

    os.kill(process.pid, signal.SIGCONT)
    start_worker(url, EMAIL_URL=smtp_sink.url)
    with broker(url), time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        assert send_queued_emails() == 1
    assert wait_for(lambda: OutboxEmail.objects.get(pk=email.pk).status == OutboxEmail.Status.SENT)
    assert len(smtp_sink.delivered) == 1


@pytest.mark.django_db
def test_a_storage_endpoint_that_never_answers_makes_healthz_503_within_3_seconds(client, settings):
    silent = Silent()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": silent_storage(silent.port, read_timeout=10, attempts=2)}
        settings.REDIS_URL = ""
        started = time.monotonic()
        response = client.get(reverse("healthz"))
        took = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 503
    assert response.json()["storage"] == "error: no answer within 2.5 s", response.json()
    assert response.json()["database"] == "ok"
    assert took < 3, f"/healthz took {took:.1f} s"


def test_exports_and_timetable_changes_asked_for_while_the_broker_is_down_are_done_once_it_is_back(
    client, settings, cast, start_worker, smtp_sink
):
    need_redis_server()
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"  # nothing listens yet: the broker is down
    cohort = cast.cohort_a1
    cohort.status = cohort.Status.RUNNING
    cohort.save(update_fields=["status"])
    portfolio = cast.participant_a1.enrolments.get().portfolio

    with broker(url):
        client.force_login(cast.participant_a1)
        response = client.post(reverse("portfolio:export", args=[portfolio.pk, "pdf"]))
        assert response.status_code == 302, "the request succeeds with the broker down"
        rows = factories.timetable_rows(cohort, move_day=2)
        change = cohort_services.cohort_save(
            cohort=cohort,
            fields={},
            tutors=[cast.tutor_a1],
            rows=rows,
            by=cast.admin_a,
            expected_version=cohort.version,
        )
    stored = StoredFile.objects.get(kind="portfolio-pdf")
    assert stored.status == StoredFile.Status.PENDING
    assert TimetableChange.objects.get(pk=change.pk).announced_at is None

    redis = start_redis(port)
    try:
        start_worker(url, EMAIL_URL=smtp_sink.url)
        later = timezone.now() + dt.timedelta(minutes=3)
        with broker(url), time_machine.travel(later, tick=False):
            assert stored_files_relay() == 1
            assert timetable_changes_relay() == 1
        assert wait_for(lambda: StoredFile.objects.get(pk=stored.pk).status == StoredFile.Status.READY)
        assert wait_for(lambda: TimetableChange.objects.get(pk=change.pk).announced_at is not None)
        announced = OutboxEmail.objects.filter(subject__icontains="timetable")
        assert wait_for(lambda: announced.filter(status=OutboxEmail.Status.SENT).count() == 1)
        with broker(url), time_machine.travel(later, tick=False):  # done: the relays hand over nothing more
            assert stored_files_relay() == 0
            assert timetable_changes_relay() == 0
        assert announced.count() == 1 and announced.get().to == cast.participant_a1.email
    finally:
        redis.terminate()
        redis.wait(timeout=10)


@pytest.mark.django_db
def test_an_smtp_server_that_never_answers_costs_a_send_its_timeout_and_the_email_stays_queued(settings):
    from nasenco.mail.services import email_send

    silent = Silent()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent.port, 1
    email = OutboxEmail.objects.create(to="sam@school.example", subject="Hello", body_text="Hi.", template="t")
    try:
        started = time.monotonic()
        with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):  # by Python version
            email_send(email_id=email.pk)
        took = time.monotonic() - started
    finally:
        silent.close()
    assert took < 3, f"the send waited {took:.1f} s"
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.QUEUED and "timed out" in email.last_error  # the worker retries
