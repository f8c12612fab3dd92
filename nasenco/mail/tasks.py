"""Thin tasks: fetch by id, call the service, retry transient failures with backoff and a cap."""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import OutboxEmail
from .services import MAX_ATTEMPTS, email_dispatch, email_recover_stalled, email_send

TRANSIENT = (smtplib.SMTPException, OSError)
# Every countdown stays well below the broker's visibility timeout (settings), so a delayed retry is
# never handed to a second worker while the first still holds it.
RETRY_BACKOFF_MAX = 30 * 60


@shared_task(
    autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=RETRY_BACKOFF_MAX, max_retries=MAX_ATTEMPTS - 1
)
def send_email(*, email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task
def send_queued_emails() -> int:
    """Beat relay: return stalled sends to the queue, then hand the worker any email still queued five
    minutes after it was stored (e.g. the broker was down when it was committed)."""
    email_recover_stalled()
    stale = timezone.now() - timedelta(minutes=5)
    queued = OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED, created__lt=stale)
    return email_dispatch(queued.order_by("created").values_list("pk", flat=True)[:2000])
