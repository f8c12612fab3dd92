"""Secrets the portal must use again (DfE's bearer token, a webhook's signing secret), encrypted at rest with a
key derived from ``SECRET_KEY`` and a purpose (and from its fallbacks, so Django's key rotation keeps old
secrets readable). Only ``reveal`` turns one back, where it is used."""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@functools.lru_cache(maxsize=16)
def _fernet(secret: str, purpose: bytes) -> Fernet:
    key = hashlib.pbkdf2_hmac("sha256", secret.encode(), purpose, 100_000)
    return Fernet(base64.urlsafe_b64encode(key))


def _keys(purpose: bytes) -> MultiFernet:
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(secret, purpose) for secret in secrets])


def seal(text: str, *, purpose: bytes) -> str:
    return _keys(purpose).encrypt(text.encode()).decode()


def reveal(sealed: str, *, purpose: bytes) -> str:
    """The secret, or "" when it cannot be read (the secret key changed without a fallback: enter it again)."""
    if not sealed:
        return ""
    try:
        return _keys(purpose).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
