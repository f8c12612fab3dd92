"""Project-wide pages: the dashboard, the health check and the error pages."""

import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .dashboard import panels_for

logger = logging.getLogger(__name__)


@require_GET
@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"panels": panels_for(request)})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run in-process)"

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4()}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise OSError("storage returned other bytes than it was given")
    finally:
        default_storage.delete(name)
    return "ok"


# Load balancers give up after a few seconds: every check answers within this, or counts as failed.
HEALTH_DEADLINE_SECONDS = 2.5


@require_GET
@never_cache
def healthz(request):
    """Status of the database, Redis and file storage, for load balancers and people on call.

    Redis and storage are checked side by side in threads with one deadline, so a service that accepts and
    never answers makes this a 503 naming it, not a hung request (each client's own timeouts end the
    thread later). The database is checked here (its connection belongs to the request's thread; it has a
    connect timeout)."""
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")
    started = time.monotonic()
    futures = {"redis": pool.submit(_check_redis), "storage": pool.submit(_check_storage)}
    checks = {"database": _outcome("database", _check_database)}
    for part, future in futures.items():
        left = max(0.0, HEALTH_DEADLINE_SECONDS - (time.monotonic() - started))
        checks[part] = _outcome(part, lambda future=future, left=left: future.result(timeout=left))
    pool.shutdown(wait=False, cancel_futures=True)
    healthy = all(value == "ok" or value.startswith("not configured") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _outcome(part: str, check) -> str:
    try:
        return check()
    except FutureTimeout:
        logger.error("health check of %s: no answer within %s s", part, HEALTH_DEADLINE_SECONDS)
        return f"error: no answer within {HEALTH_DEADLINE_SECONDS} s"
    except Exception as exc:
        logger.exception("health check of %s failed", part)
        return f"error: {type(exc).__name__}"


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
