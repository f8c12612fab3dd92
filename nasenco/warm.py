"""A new worker (gunicorn's or Celery's) gets ready before its first request or task.

The first request a fresh web worker served used to pay for importing every view (the URLs are loaded
lazily) and, for a certificate, for loading WeasyPrint, its fonts and the PDF/UA writer: 0.6 s before a
tenth of that for the rest. ``worker_ready`` does that work as the worker starts: it loads the URLs, then
sends ``worker_started`` for the apps to warm what they own (assessment renders a certificate in memory).
A failure is logged and never stops the worker: the first request then pays, as before.
"""

import logging

from django.dispatch import Signal
from django.urls import get_resolver

logger = logging.getLogger(__name__)
worker_started = Signal()


def worker_ready() -> None:
    try:
        get_resolver().reverse_dict  # noqa: B018 - imports every URLconf and view
    except Exception:
        logger.exception("Could not load the URLs while warming up a worker")
    for receiver, result in worker_started.send_robust(sender=None):
        if isinstance(result, Exception):
            logger.error("Warming up %s failed", receiver, exc_info=result)
