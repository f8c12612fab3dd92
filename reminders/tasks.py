"""Thin tasks: the daily sweep (beat) and handing a sweep's emails to the worker."""

from celery import shared_task
from django.utils import timezone

from .services import reminders_dispatch, reminders_sweep


@shared_task
def daily_sweep() -> int:
    return reminders_sweep(today=timezone.localdate()).stored


@shared_task
def dispatch_run(*, run: str) -> int:
    return reminders_dispatch(run=run)
