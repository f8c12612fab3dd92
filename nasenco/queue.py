"""One way to queue work after a commit that survives the broker being down or hung.

The work is always a stored row first (an outbox email, a stored file waiting to be prepared, a timetable
change to announce). Publishing is only a nudge: if the broker refuses or does not answer within its
timeouts (settings: ``CELERY_BROKER_*``), the request still succeeds and a beat relay hands the row to a
worker later. Each task claims its row, so a nudge that arrives twice does the work once.
"""

import logging
import time

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

# Once the broker has failed to take a task, this process stops asking for this long: a request that queues
# thirty emails while Redis hangs waits for one timeout, not thirty (issue 25, 12). The rows are stored, and
# the relays (every minute, on beat) hand them over once the broker answers again.
BROKER_REST_SECONDS = 30.0
_broker_down_until = 0.0


def broker_resting() -> bool:
    return time.monotonic() < _broker_down_until


def _broker_failed() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_REST_SECONDS


def broker_rest_end() -> None:
    """Forget an earlier failure (tests, or a worker that has just connected)."""
    global _broker_down_until
    _broker_down_until = 0.0


def publish(task_name: str, **kwargs) -> bool:
    """Hand ``task_name`` to a worker now. False (logged) when the broker could not take it, or failed to
    within the last ``BROKER_REST_SECONDS``."""
    app = current_app
    if app.conf.task_always_eager:  # the embedded default and most tests: run it here, errors and all
        if task_name not in app.tasks:
            app.loader.import_default_modules()  # every app's tasks module, as a worker loads them
        app.tasks[task_name].apply(kwargs=kwargs, throw=True)
        return True
    if broker_resting():
        return False
    try:
        app.send_task(task_name, kwargs=kwargs)
    except Exception:  # the broker's errors vary by transport (refused, timed out, reset); the row is stored
        _broker_failed()
        logger.warning("Broker unavailable: %s stays stored for the relay", task_name, exc_info=True)
        return False
    return True


def publish_on_commit(task_name: str, **kwargs) -> None:
    """``publish`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: publish(task_name, **kwargs))
