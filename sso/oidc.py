"""The OpenID Connect relying party, through Authlib (discovery, state, nonce, PKCE and the ID token's
signature, issuer, audience and expiry are its work, not ours), one client per provider's connection."""

from authlib.integrations.django_client import OAuth
from django.conf import settings

from nasenco import secrets

from .models import Connection

SECRET_PURPOSE = b"nasenco.sso.client-secret"
_oauth = OAuth()


def client_for(connection: Connection):
    """A client for ``connection`` as it is now (a changed secret or issuer takes effect at once)."""
    name = f"provider-{connection.provider_id}-{int(connection.updated.timestamp())}"
    client = _oauth.create_client(name)
    if client is None:
        client = _oauth.register(
            name=name,
            client_id=connection.client_id,
            client_secret=secrets.reveal(connection.client_secret_sealed, purpose=SECRET_PURPOSE),
            server_metadata_url=connection.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "default_timeout": settings.SSO_TIMEOUT,
            },
        )
    return client


def seal(secret: str) -> str:
    return secrets.seal(secret, purpose=SECRET_PURPOSE)
