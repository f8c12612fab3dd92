"""Webhooks: queued in the transaction that made the event, signed, posted to a real receiver with timeouts,
tried again over hours and then given up, and sent again from the delivery log."""

import datetime as dt
import json
import os
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from api import services, tokens, webhooks
from api.models import Delivery, Endpoint
from assessment import services as assessment
from assessment.models import Award
from assessment.services.activity import cohort_work_record
from enrolment.models import Enrolment
from enrolment.services import enrolment_transition
from tests import factories

from .receiver import receiver

pytestmark = pytest.mark.django_db
ALL_EVENTS = list(Endpoint.Event.values)


def _award(cohort):
    place = factories.EnrolmentFactory(cohort=cohort)
    return Award.objects.create(
        enrolment=place,
        certificate_number=f"NASENCO-{place.pk:06d}",
        holder_name="Sam Ryder",
        scope="full",
        completed_on=timezone.localdate(),
        in_time=True,
    )


def test_an_award_confirmed_is_delivered_signed_to_the_endpoint(cast, django_capture_on_commit_callbacks):
    with receiver() as hook:
        endpoint, secret = services.endpoint_create(
            provider=cast.provider_a, url=hook.url, events=ALL_EVENTS, by=cast.admin_a
        )
        with django_capture_on_commit_callbacks(execute=True):
            award = _award(cast.cohort_a1)
            _award(cast.cohort_b1)  # another provider's award goes nowhere near A's endpoint
        assert len(hook.received) == 1
        arrived = hook.received[0]
    body = json.loads(arrived["body"])
    assert body["event"] == "award.confirmed" and body["provider"] == cast.provider_a.pk
    assert body["data"] == {
        "place": award.enrolment_id,
        "cohort": cast.cohort_a1.pk,
        "certificate_number": award.certificate_number,
        "scope": "full",
        "completed_on": award.completed_on.isoformat(),
    }
    assert "Sam Ryder" not in arrived["body"].decode()  # record numbers only: names are read with a token
    signature = arrived["headers"]["Nasenco-Signature"]
    assert tokens.verify(secret, signature, arrived["body"], now=int(time.time()))
    assert not tokens.verify(secret, signature, arrived["body"] + b" ", now=int(time.time()))
    assert not tokens.verify("whsec_other", signature, arrived["body"], now=int(time.time()))
    assert not tokens.verify(secret, signature, arrived["body"], now=int(time.time()) + 301)  # a replay, later
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert arrived["headers"]["Nasenco-Delivery"] == str(delivery.pk) == str(body["id"])


def test_marks_released_and_a_place_withdrawn_are_events_too(cast, django_capture_on_commit_callbacks):
    with receiver() as hook:
        services.endpoint_create(provider=cast.provider_a, url=hook.url, events=ALL_EVENTS, by=cast.admin_a)
        component = assessment.component_create(programme=cast.cohort_a1.programme, title="Case study", kind="level7")
        place = cast.participant_a1.enrolments.get()
        with django_capture_on_commit_callbacks(execute=True):
            cohort_work_record(
                cohort=cast.cohort_a1,
                component=component,
                by=cast.admin_a,
                action="mark.released",
                summary="Released 3 mark(s) to participants",
            )
            enrolment_transition(enrolment=place, to=Enrolment.Status.WITHDRAWN, by=cast.admin_a, reason="Moved school")
        events = [json.loads(r["body"]) for r in hook.received]
    assert [e["event"] for e in events] == ["marks.released", "place.withdrawn"]
    assert events[0]["data"]["component"] == component.pk
    assert events[1]["data"]["place"] == place.pk


def test_a_failing_endpoint_is_tried_again_over_hours_then_given_up(cast, django_capture_on_commit_callbacks):
    start = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    with receiver(status=503) as hook, time_machine.travel(start, tick=False) as clock:
        services.endpoint_create(provider=cast.provider_a, url=hook.url, events=ALL_EVENTS, by=cast.admin_a)
        with django_capture_on_commit_callbacks(execute=True):
            _award(cast.cohort_a1)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert delivery.error == "The endpoint answered 503." and delivery.response_code == 503
        assert delivery.next_attempt_at == start + dt.timedelta(minutes=1)
        assert webhooks.deliver() == 0 and Delivery.objects.get().attempts == 1  # not due yet: nothing sent
        waits = []
        for _ in tokens.RETRY_AFTER_SECONDS:
            due = Delivery.objects.get().next_attempt_at
            waits.append(round((due - timezone.now()).total_seconds()))
            clock.move_to(due)
            webhooks.deliver()
        delivery = Delivery.objects.get()
        assert waits == list(tokens.RETRY_AFTER_SECONDS)  # 1 and 5 minutes, half an hour, 2, 6 and 12 hours
        assert (delivery.status, delivery.attempts) == ("failed", 7)
        assert len(hook.received) == 7


def test_a_slow_or_unreachable_endpoint_times_out_with_a_reason(cast, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_READ_TIMEOUT = 0.3
    with receiver(delay=1.5) as hook:
        services.endpoint_create(provider=cast.provider_a, url=hook.url, events=ALL_EVENTS, by=cast.admin_a)
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            _award(cast.cohort_a1)
        assert time.monotonic() - started < 1.4  # the read timeout, not the receiver, ended the wait
    assert Delivery.objects.get().error == "The endpoint did not answer in time."
    Delivery.objects.all().delete()
    Endpoint.objects.update(url="http://127.0.0.1:9/closed")  # nothing listens on the discard port
    with django_capture_on_commit_callbacks(execute=True):
        _award(cast.cohort_a1)
    assert Delivery.objects.get().error == "Could not reach the endpoint: ConnectionError."


def test_two_workers_never_claim_the_same_delivery(cast):
    endpoint, _ = services.endpoint_create(
        provider=cast.provider_a, url="http://127.0.0.1:9/", events=ALL_EVENTS, by=None
    )
    Delivery.objects.bulk_create(
        Delivery(endpoint=endpoint, event="award.confirmed", payload={}, next_attempt_at=timezone.now())
        for _ in range(3)
    )
    first, second = webhooks.claim(), webhooks.claim()
    assert len(first) == 3 and second == []


def test_the_admin_sends_a_delivery_again_from_the_log(client, cast, django_capture_on_commit_callbacks):
    with receiver(status=500) as hook:
        endpoint, _ = services.endpoint_create(
            provider=cast.provider_a, url=hook.url, events=ALL_EVENTS, by=cast.admin_a
        )
        with django_capture_on_commit_callbacks(execute=True):
            _award(cast.cohort_a1)
        Delivery.objects.update(status=Delivery.Status.FAILED)
        hook.status = 204
        client.force_login(cast.admin_a)
        page = client.get(f"/api/settings/{cast.provider_a.pk}/")
        assert b"Send again" in page.content and b"The endpoint answered 500." in page.content
        delivery = Delivery.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/api/settings/{cast.provider_a.pk}/deliveries/{delivery.pk}/again/")
        assert response.status_code == 302
        assert len(hook.received) == 2
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == ("delivered", 204)
    services.endpoint_remove(endpoint=endpoint, by=cast.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        _award(cast.cohort_a1)
    assert Delivery.objects.count() == 1  # a removed endpoint is sent nothing


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_the_same_moment_share_nothing(cast):
    """Run against PostgreSQL in CI: two threads, two connections, each claiming while the other's row locks
    are held (SKIP LOCKED), so no delivery is sent twice."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run this test on PostgreSQL (DATABASE_URL)")
        pytest.skip("row locks need PostgreSQL; CI runs this test there")
    endpoint, _ = services.endpoint_create(
        provider=cast.provider_a, url="http://127.0.0.1:9/", events=ALL_EVENTS, by=None
    )
    Delivery.objects.bulk_create(
        Delivery(endpoint=endpoint, event="award.confirmed", payload={}, next_attempt_at=timezone.now())
        for _ in range(webhooks.BATCH + 10)
    )
    barrier = threading.Barrier(2)
    claimed = []

    def claim():
        from django.db import connections

        try:
            barrier.wait()
            claimed.append({delivery.pk for delivery in webhooks.claim()})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    first, second = claimed
    assert not first & second  # never the same delivery twice
    assert len(first | second) == min(webhooks.BATCH * 2, webhooks.BATCH + 10)
