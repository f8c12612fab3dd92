"""Log lines people on call can follow: time, level, logger and a request id on every line, carried from a
request into the Celery tasks it queues. ``LOG_FORMAT=json`` writes one JSON object per line for shippers.

The request id is the proxy's ``X-Request-ID`` when it sends a sane one, else a new one; it goes back on
the response, into gunicorn's access log (README) and into every task published during the request.
"""

import contextvars
import json
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished

request_id = contextvars.ContextVar("request_id", default="-")
HEADER = "nasenco_request_id"  # the Celery message header that carries it
SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record, so any format can name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Kept until the response is closed (``request_finished``), so Django's own "Not Found" and
        # "Internal Server Error" lines, written after the middleware returns, carry it too.
        given = request.headers.get("X-Request-ID", "")
        request_id.set(given if SANE.match(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        return response


def connect() -> None:
    """Carry the request id into published tasks, and adopt it while a worker runs one."""
    before_task_publish.connect(_carry, weak=False, dispatch_uid="nasenco.logs.carry")
    task_prerun.connect(_adopt, weak=False, dispatch_uid="nasenco.logs.adopt")
    task_postrun.connect(_drop, weak=False, dispatch_uid="nasenco.logs.drop")
    request_finished.connect(_finished, weak=False, dispatch_uid="nasenco.logs.finished")


def _finished(**kwargs):
    request_id.set("-")


def _carry(headers=None, **kwargs):
    if headers is not None and request_id.get() != "-":
        headers[HEADER] = request_id.get()


_task_tokens: dict[str, contextvars.Token] = {}


def _adopt(task_id=None, task=None, **kwargs):
    carried = getattr(task.request, HEADER, None) if task is not None else None
    if carried and task_id:
        _task_tokens[task_id] = request_id.set(carried)


def _drop(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
