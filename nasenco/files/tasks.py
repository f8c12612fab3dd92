"""Thin tasks for stored files."""

from celery import shared_task

from .services import stored_files_relay


@shared_task
def relay_waiting_files() -> int:
    """Beat relay: hand over files still waiting to start (the broker was down when they were asked for)."""
    return stored_files_relay()
