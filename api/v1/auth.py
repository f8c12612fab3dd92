"""Who is calling: a bearer token of one provider, within its expiry and not revoked, under its rate limit.
Every call it makes is recorded in the provider's activity log."""

import time

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from nasenco.cache import cache_hits

from ..models import Token
from ..services import call_record
from ..tokens import TOKEN_START, digest_of

WINDOW = 60  # seconds


class RateLimited(Exception):
    def __init__(self, seconds: int):
        super().__init__(f"Too many requests with this token: wait {seconds} seconds.")
        self.seconds = seconds


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str) -> Token | None:
        if not token.startswith(TOKEN_START):
            return None
        found = Token.objects.select_related("provider").filter(digest=digest_of(token)).first()
        if found is None or found.revoked_at is not None or found.expires_on < timezone.localdate():
            return None
        _take(found)
        call_record(token=found, method=request.method, path=request.get_full_path())
        return found


def _take(token: Token) -> None:
    now = time.time()
    window = int(now // WINDOW)
    if cache_hits(f"api-rate:{token.pk}:{window}", WINDOW * 2) > settings.API_REQUESTS_PER_MINUTE:
        raise RateLimited(int((window + 1) * WINDOW - now) + 1)


def needs(request, scope: str) -> Token:
    """The calling token, refused with 403 unless it was given ``scope``."""
    token: Token = request.auth
    if scope not in token.scopes:
        raise HttpError(403, f"This token may not do that: it needs the “{scope}” scope.")
    return token
