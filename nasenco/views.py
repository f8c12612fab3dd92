"""Project-wide pages: the dashboard, the health check and the error pages."""

import logging
import uuid

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


@require_GET
@never_cache
def healthz(request):
    """Status of the database, Redis and file storage, for load balancers and people on call."""
    checks, healthy = {}, True
    for part, check in (("database", _check_database), ("redis", _check_redis), ("storage", _check_storage)):
        try:
            checks[part] = check()
        except Exception as exc:
            logger.exception("health check of %s failed", part)
            checks[part] = f"error: {type(exc).__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
