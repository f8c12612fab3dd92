"""Thin tasks: polling DfE, the weekly full sync, and sending each write."""

import logging

from celery import shared_task

from nasenco.queue import publish

from . import services
from .client import DfeError
from .models import Connection

logger = logging.getLogger(__name__)


@shared_task
def send_write(*, write_id: int) -> str:
    return services.write_send(write_id)


@shared_task
def writes_relay() -> int:
    """Every minute: hand each due write to a worker (after an outage, a retry's time, or a lost task)."""
    due = services.writes_due()
    for write_id in due:
        publish("dfe.tasks.send_write", write_id=write_id)
    return len(due)


@shared_task
def sync_provider(*, connection_id: int, full: bool = False) -> str:
    connection = Connection.objects.filter(pk=connection_id).exclude(token_encrypted="").first()
    if connection is None:
        return "no connection"
    try:
        services.sync(connection, full=full)
    except DfeError as error:  # noted on the connection; the next poll reads the same window again
        return error.message
    return "done"


@shared_task
def sync_all(*, full: bool = False) -> int:
    """Several times a day (and weekly in full, DfE's advice): every connected provider, one task each."""
    ids = list(Connection.objects.exclude(token_encrypted="").values_list("pk", flat=True))
    for connection_id in ids:
        publish("dfe.tasks.sync_provider", connection_id=connection_id, full=full)
    return len(ids)
