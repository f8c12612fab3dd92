"""The client's address, as login throttling sees it."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """With ``PROXY_COUNT`` proxies in front of the portal, each appends the address it received the request
    from to X-Forwarded-For, so the real client is the ``PROXY_COUNT``-th entry from the right; anything to its
    left was written by the client and is not trusted. The header is believed only when the connection
    itself comes from one of ``TRUSTED_PROXIES`` (and so does every hop between): someone reaching gunicorn
    directly cannot name any address they like. With no proxies, the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0 or not _trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # fewer hops than configured: the request did not come through our proxies
    if not all(_trusted(hop) for hop in forwarded[len(forwarded) - count + 1 :]):
        return remote  # a hop between the client and us that is not one of our proxies
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
