"""The client's address, as login throttling sees it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """With ``PROXY_COUNT`` proxies in front of the portal, each appends the address it received the request
    from to X-Forwarded-For, so the real client is the ``PROXY_COUNT``-th entry from the right; anything to its
    left was written by the client and is not trusted. With no proxies, the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # fewer hops than configured: the request did not come through our proxies
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
