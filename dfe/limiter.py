"""Keeping under DfE's rate limits ("get-started": 1,000 requests every 5 minutes for the service, 300 per IP
address). Time is cut into fixed 5-minute windows and each window allows half of ``DFE_REQUESTS_PER_5_MINUTES``
(300 by default, the per-address figure), so no 5 minutes, however they fall across two windows, sees more
than the limit. Counted in the cache, shared by every worker; while the cache is down each process counts
for itself."""

import time

from django.conf import settings

from nasenco.cache import cache_hits

WINDOW = 300
_local: dict[str, int] = {}


class Wait(Exception):
    """Over the budget: try again in ``seconds``."""

    def __init__(self, seconds: int):
        super().__init__(f"DfE's request limit reached: waiting {seconds} seconds.")
        self.seconds = seconds


def take(key: str, *, now: float | None = None) -> None:
    """Count one request for ``key`` (a connection); raises ``Wait`` when this window is spent."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    budget = max(settings.DFE_REQUESTS_PER_5_MINUTES // 2, 1)
    name = f"dfe-rate:{key}:{window}"
    used = cache_hits(name, WINDOW * 2)
    if used == 0:  # the cache is down: this process counts alone
        for old in [k for k in _local if not k.endswith(f":{window}")]:
            del _local[old]
        used = _local[name] = _local.get(name, 0) + 1
    if used > budget:
        raise Wait(int((window + 1) * WINDOW - now) + 1)
