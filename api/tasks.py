"""Thin tasks: webhooks are sent from the outbox as they are queued, and every minute whatever is due."""

from celery import shared_task

from . import webhooks


@shared_task
def deliver(*, delivery_ids: list[int]) -> int:
    return webhooks.deliver(ids=delivery_ids)


@shared_task
def deliver_due() -> int:
    """Beat: retries whose time has come, and deliveries queued while the broker was down."""
    return webhooks.deliver()
