"""The API services' cases for tests/test_activity_log.py: one call per service that takes ``by``."""

import datetime as dt

from django.utils import timezone

from api import services
from api.models import Delivery

from .helpers import ALL


def _token(cast, by=None):
    expires = timezone.localdate() + dt.timedelta(days=30)
    return services.token_create(provider=cast.provider_a, name="SITS", scopes=ALL, expires_on=expires, by=by)[0]


def _endpoint(cast, by=None):
    return services.endpoint_create(
        provider=cast.provider_a, url="http://127.0.0.1:9/", events=["award.confirmed"], by=by
    )[0]


def _failed_delivery(cast):
    return Delivery.objects.create(
        endpoint=_endpoint(cast),
        event="award.confirmed",
        payload={},
        next_attempt_at=timezone.now(),
        status=Delivery.Status.FAILED,
    )


API_CALLS = {
    "api.services.token_create": ("admin_a", lambda c, by, comp: _token(c, by)),
    "api.services.token_revoke": ("admin_a", lambda c, by, comp: services.token_revoke(token=_token(c), by=by)),
    "api.services.endpoint_create": ("admin_a", lambda c, by, comp: _endpoint(c, by)),
    "api.services.endpoint_remove": (
        "admin_a",
        lambda c, by, comp: services.endpoint_remove(endpoint=_endpoint(c), by=by),
    ),
    "api.services.delivery_send_again": (
        "admin_a",
        lambda c, by, comp: services.delivery_send_again(delivery=_failed_delivery(c), by=by),
    ),
}


def _sso(cast, by):
    from sso import services as sso

    return sso.connection_save(
        provider=cast.provider_a,
        issuer="https://login.example.ac.uk",
        client_id="portal",
        client_secret="s",
        trust_idp_mfa=True,
        required=False,
        by=by,
    )


API_CALLS["sso.services.connection_save"] = ("admin_a", lambda c, by, comp: _sso(c, by))
