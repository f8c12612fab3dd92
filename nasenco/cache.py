"""The cache as a nicety, never a dependency: a Redis that is stopped or hung costs a page one short timeout
(settings: ``socket_timeout``) and the page is worked out without it (issue 25, 13: the reminders page
answered 500 and ``send_reminders`` exited 1 when Redis hung)."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str, default=None):
    try:
        return cache.get(key, default)
    except Exception:  # the backend's errors vary (refused, timed out, reset)
        logger.warning("Cache unavailable: reading %s without it", key, exc_info=True)
        return default


def cache_set(key: str, value, timeout: int) -> bool:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("Cache unavailable: %s not kept", key, exc_info=True)
        return False
    return True


def cache_hits(key: str, window: int) -> int:
    """Count one more hit on ``key`` within ``window`` seconds and return the count (0 if the cache is down:
    a rate limit fails open rather than refusing everyone during an outage)."""
    try:
        cache.add(key, 0, window)
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
    except Exception:
        logger.warning("Cache unavailable: %s not counted", key, exc_info=True)
        return 0
