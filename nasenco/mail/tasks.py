"""Thin tasks: fetch by id, call the service. A transient failure is not retried through the broker: the
row is queued again with the time of its next attempt, and the relay hands it over when that time comes."""

import logging

from celery import shared_task

from .services import email_dispatch, email_recover_stalled, email_send, emails_due

logger = logging.getLogger(__name__)


@shared_task
def send_email(*, email_id: int) -> bool:
    try:
        return email_send(email_id=email_id)
    except Exception:  # recorded on the row (queued again, or failed for good); the worker's log says why
        logger.warning("Email %s not sent this time", email_id, exc_info=True)
        return False


@shared_task
def send_queued_emails() -> int:
    """Beat relay (every minute): return stalled sends to the queue, then hand the worker every email that
    is due: retries whose time has come, and rows whose nudge was lost while the broker was down."""
    email_recover_stalled()
    return email_dispatch(emails_due().values_list("pk", flat=True)[:2000])
