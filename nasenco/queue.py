"""One way to queue work after a commit that survives the broker being down or hung.

The work is always a stored row first (an outbox email, a stored file waiting to be prepared, a timetable
change to announce). Publishing is only a nudge: if the broker refuses or does not answer within its
timeouts (settings: ``CELERY_BROKER_*``), the request still succeeds and a beat relay hands the row to a
worker later. Each task claims its row, so a nudge that arrives twice does the work once.
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def publish(task_name: str, **kwargs) -> bool:
    """Hand ``task_name`` to a worker now. False (logged) when the broker could not take it."""
    app = current_app
    if app.conf.task_always_eager:  # the embedded default and most tests: run it here, errors and all
        if task_name not in app.tasks:
            app.loader.import_default_modules()  # every app's tasks module, as a worker loads them
        app.tasks[task_name].apply(kwargs=kwargs, throw=True)
        return True
    try:
        app.send_task(task_name, kwargs=kwargs)
    except Exception:  # the broker's errors vary by transport (refused, timed out, reset); the row is stored
        logger.warning("Broker unavailable: %s stays stored for the relay", task_name, exc_info=True)
        return False
    return True


def publish_on_commit(task_name: str, **kwargs) -> None:
    """``publish`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: publish(task_name, **kwargs))
