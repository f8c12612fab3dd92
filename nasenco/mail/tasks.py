"""Thin tasks: fetch by id, call the service, retry transient failures with backoff and a cap."""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import OutboxEmail
from .services import MAX_ATTEMPTS, email_send

TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=3600, max_retries=MAX_ATTEMPTS - 1)
def send_email(*, email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task
def send_queued_emails() -> int:
    """Beat sweep: hand any email still queued (e.g. the broker was down at commit) back to the worker."""
    stale = timezone.now() - timedelta(minutes=5)
    queued = OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED, created__lt=stale)
    ids = list(queued.values_list("pk", flat=True)[:500])
    for email_id in ids:
        send_email.delay(email_id=email_id)
    return len(ids)
