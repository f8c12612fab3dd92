"""The DfE bearer token, encrypted at rest with a key derived from ``SECRET_KEY`` (and its fallbacks, so
Django's key rotation keeps old tokens readable). Only ``reveal`` turns it back, for the client's header."""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PURPOSE = b"nasenco.dfe.token"


@functools.lru_cache(maxsize=8)
def _fernet(secret: str) -> Fernet:
    key = hashlib.pbkdf2_hmac("sha256", secret.encode(), PURPOSE, 100_000)
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    return MultiFernet([_fernet(settings.SECRET_KEY), *(_fernet(k) for k in settings.SECRET_KEY_FALLBACKS)])


def seal(token: str) -> str:
    return _keys().encrypt(token.encode()).decode()


def reveal(sealed: str) -> str:
    """The token, or "" when it cannot be read (the secret key changed without a fallback: enter it again)."""
    if not sealed:
        return ""
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
