"""Sending webhook deliveries from the outbox: each one claimed (so two workers never send it twice at once),
signed, posted with a timeout, and its result kept; a failure is tried again later, over hours, then given up."""

import datetime as dt
import logging
import time

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import tokens
from .models import Delivery
from .services import body_of, endpoint_secret

logger = logging.getLogger(__name__)
LEASE = dt.timedelta(minutes=2)  # a claimed delivery is not claimed again for this long (longer than a send)
BATCH = 50


def claim(*, ids: list[int] | None = None, now: dt.datetime | None = None) -> list[Delivery]:
    """Due deliveries (of ``ids`` when given), leased to this worker: their next attempt moves past the lease."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        if ids is not None:
            due = due.filter(pk__in=ids)
        claimed = list(
            due.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .order_by("next_attempt_at")[:BATCH]
        )
        Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(next_attempt_at=now + LEASE)
    return claimed


def send(delivery: Delivery) -> Delivery:
    """One attempt: POST the signed body; a 2xx within the timeout is delivered, anything else is tried again."""
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "NASENCO-Portal-Webhooks/1",
        "Nasenco-Event": delivery.event,
        "Nasenco-Delivery": str(delivery.pk),
        "Nasenco-Signature": tokens.signature(endpoint_secret(delivery.endpoint), int(time.time()), body),
    }
    code, error = None, ""
    try:
        response = requests.post(
            delivery.endpoint.url,
            data=body,
            headers=headers,
            timeout=(settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT),
            allow_redirects=False,
        )
        code = response.status_code
        if not 200 <= code < 300:
            error = f"The endpoint answered {code}."
    except requests.Timeout:
        error = "The endpoint did not answer in time."
    except requests.RequestException as exc:
        error = f"Could not reach the endpoint: {type(exc).__name__}."
    return _result(delivery, code=code, error=error)


def _result(delivery: Delivery, *, code: int | None, error: str) -> Delivery:
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_code, delivery.error = now, code, error
    if not error:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
    else:
        wait = tokens.next_wait(delivery.attempts)
        if wait is None:
            delivery.status = Delivery.Status.FAILED
            logger.warning("Webhook %s gave up after %s attempts: %s", delivery.pk, delivery.attempts, error)
        else:
            delivery.next_attempt_at = now + dt.timedelta(seconds=wait)
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "response_code",
            "error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def deliver(*, ids: list[int] | None = None) -> int:
    """Send what is due (of ``ids`` when given); how many were delivered."""
    return sum(send(delivery).status == Delivery.Status.DELIVERED for delivery in claim(ids=ids))
