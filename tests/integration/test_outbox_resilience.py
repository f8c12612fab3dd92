"""The outbox against real failures: a worker killed mid-send, and Redis stopped during a request."""

import datetime as dt
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import email_dispatch, email_recover_stalled
from nasenco.mail.tasks import send_queued_emails
from tests import factories
from tests.conftest import free_port, need_redis_server, start_redis

from .conftest import broker, wait_for

pytestmark = pytest.mark.celery_worker


def _queued_email(to="sam@school.example") -> OutboxEmail:
    return OutboxEmail.objects.create(to=to, subject="Your deadline", body_text="Three months to go.", template="t")


def test_a_worker_killed_mid_send_sends_at_most_once_and_loses_nothing(redis_url, start_worker, smtp_sink):
    email = _queued_email()
    smtp_sink.hold()
    first = start_worker(redis_url, EMAIL_URL=smtp_sink.url)
    with broker(redis_url):
        email_dispatch([email.pk])
    assert smtp_sink.holding.wait(60), "the worker never reached the mail server"
    first.kill()  # mid-conversation: the message is written but not yet accepted
    smtp_sink.release()
    time.sleep(0.5)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENDING and smtp_sink.delivered == []

    second = start_worker(redis_url, EMAIL_URL=smtp_sink.url)
    with broker(redis_url):
        email_dispatch([email.pk])  # a duplicate of the lost task: the claim makes it do nothing
        assert not wait_for(lambda: smtp_sink.delivered, seconds=3)
        assert email_recover_stalled() == 0  # a send is not taken over while its lease runs
        later = timezone.now() + dt.timedelta(minutes=16)
        with time_machine.travel(later, tick=False):
            assert send_queued_emails() == 1  # the lease ran out: back in the queue and handed over
    assert wait_for(lambda: OutboxEmail.objects.get(pk=email.pk).status == OutboxEmail.Status.SENT)
    time.sleep(1)
    assert len(smtp_sink.delivered) == 1
    assert b"Three months to go." in smtp_sink.delivered[0]
    assert second.process.poll() is None  # still running: it did the send


def test_redis_stopped_during_a_request_keeps_the_email_queued_and_the_relay_delivers_it(
    client, start_worker, smtp_sink
):
    need_redis_server()
    factories.UserFactory(email="sam@school.example")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    redis.terminate()
    redis.wait(timeout=10)

    with broker(url):
        started = time.monotonic()
        response = client.post(reverse("accounts:password-reset"), {"email": "sam@school.example"})
        took = time.monotonic() - started
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-reset-sent")
    assert took < 10, f"the request waited {took:.1f} s for the broker"
    email = OutboxEmail.objects.get(to="sam@school.example")
    assert email.status == OutboxEmail.Status.QUEUED

    redis = start_redis(port)
    try:
        start_worker(url, EMAIL_URL=smtp_sink.url)
        with broker(url), time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
            assert send_queued_emails() == 1
        assert wait_for(lambda: OutboxEmail.objects.get(pk=email.pk).status == OutboxEmail.Status.SENT)
        assert len(smtp_sink.delivered) == 1 and b"password" in smtp_sink.delivered[0].lower()
    finally:
        redis.terminate()
        redis.wait(timeout=10)


def test_the_beat_sweep_runs_in_a_worker_and_delivers_through_smtp(redis_url, start_worker, smtp_sink, cast):
    from reminders.models import Reminder
    from reminders.tasks import daily_sweep

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    factories.TeachingDayFactory(cohort=cast.cohort_a1, number=9, date=tomorrow)
    start_worker(redis_url, EMAIL_URL=smtp_sink.url)
    with broker(redis_url):
        daily_sweep.delay()
    assert wait_for(lambda: Reminder.objects.filter(email__status=OutboxEmail.Status.SENT).exists())
    reminder = Reminder.objects.get()
    assert (reminder.rule, reminder.to) == ("teaching_day", cast.participant_a1.email)
    assert len(smtp_sink.delivered) == 1
    assert b"text/calendar" in smtp_sink.delivered[0] and b"BEGIN:VEVENT" in smtp_sink.delivered[0]
