"""API tokens and webhook signatures. Pure: no database.

A token is ``nsp_<prefix>_<secret>``: the prefix identifies it on the settings page and in the log; only the
SHA-256 digest of the whole token is stored (a random 256-bit secret needs no slow hash to resist guessing).

A webhook's body is signed as Stripe and GitHub sign theirs: HMAC-SHA256 over ``<timestamp>.<body>`` with the
endpoint's secret, sent as ``Nasenco-Signature: t=<timestamp>,v1=<hex>``. The receiver recomputes it and
refuses a timestamp older than ``TOLERANCE`` seconds, so a captured delivery cannot be replayed later.
"""

import hashlib
import hmac
import secrets

TOKEN_START = "nsp_"  # noqa: S105 - the tokens' visible start, no secret
TOLERANCE = 300


def new_token() -> tuple[str, str, str]:
    """(token, prefix, digest) of a fresh token."""
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, digest_of(token)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Nasenco-Signature`` header's value for ``body`` sent at ``timestamp`` (seconds since the epoch)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` and was made within ``tolerance`` seconds of ``now``."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


# Retries over hours: after each failed attempt, wait this long before the next; then give up.
RETRY_AFTER_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600, 12 * 3600)


def next_wait(attempts: int) -> int | None:
    """Seconds to wait after ``attempts`` failed attempts, or None when it is time to give up."""
    return RETRY_AFTER_SECONDS[attempts - 1] if 1 <= attempts <= len(RETRY_AFTER_SECONDS) else None
