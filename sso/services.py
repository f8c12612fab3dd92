"""Writes: a provider's connection, and signing a member of staff in from their institution's answer."""

from django.db import transaction
from django.utils import timezone

from cohorts.models import Membership, Provider
from cohorts.services import activity_record
from nasenco.accounts.models import User

from . import oidc, rules
from .models import Connection, Identity
from .selectors import STAFF_ROLES


class NotInvited(Exception):
    """The institutional account matches no invited member of this provider's staff."""


@transaction.atomic
def connection_save(
    *,
    provider: Provider,
    trust_idp_mfa: bool,
    required: bool,
    by,
    protocol: str = Connection.Protocol.OIDC,
    issuer: str = "",
    client_id: str = "",
    client_secret: str = "",
    idp_metadata: str = "",
) -> Connection:
    """Create or change the connection; an empty secret keeps the stored one."""
    connection = Connection.objects.filter(provider=provider).select_for_update().first() or Connection(
        provider=provider
    )
    before = {
        "protocol": connection.protocol,
        "identity provider's metadata": "(set)" if connection.idp_metadata else "",
        "issuer": connection.issuer,
        "client id": connection.client_id,
        "trust MFA": connection.trust_idp_mfa,
        "required": connection.required,
    }
    connection.protocol, connection.idp_metadata = protocol, idp_metadata.strip()
    connection.issuer, connection.client_id = issuer.strip(), client_id.strip()
    connection.trust_idp_mfa, connection.required = trust_idp_mfa, required
    if client_secret:
        connection.client_secret_sealed = oidc.seal(client_secret)
    connection.save()
    after = {
        "protocol": protocol,
        "identity provider's metadata": "(set)" if connection.idp_metadata else "",
        "issuer": connection.issuer,
        "client id": connection.client_id,
        "trust MFA": trust_idp_mfa,
        "required": required,
    }
    activity_record(
        provider_id=provider.pk,
        by=by,
        action="settings.sso",
        summary="Single sign-on for staff saved",
        obj=connection,
        label=str(connection),
        changes={k: (before[k], after[k]) for k in after}
        | ({"client secret": ("…", "changed")} if client_secret else {}),
    )
    return connection


@transaction.atomic
def staff_match(*, connection: Connection, claims: dict) -> User:
    """The invited member of staff these verified claims are: by the subject id stored at their first
    sign-in, or else by the verified email address of someone on the provider's staff. Never a new account."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise NotInvited
    identity = Identity.objects.filter(provider=connection.provider, subject=subject).select_related("user").first()
    if identity is None:
        email = rules.verified_email(claims)
        member = (
            Membership.objects.filter(
                provider=connection.provider, role__in=STAFF_ROLES, user__email__iexact=email, user__is_active=True
            )
            .select_related("user")
            .first()
            if email
            else None
        )
        if member is None:
            raise NotInvited
        identity = Identity.objects.create(provider=connection.provider, user=member.user, subject=subject)
    still_staff = Membership.objects.filter(
        provider=connection.provider, user=identity.user, role__in=STAFF_ROLES, user__is_active=True
    ).exists()
    if not still_staff:  # removed from the provider's staff, or switched off, since the first sign-in
        raise NotInvited
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    activity_record(
        provider_id=connection.provider_id,
        by=identity.user,
        action="staff.sso-sign-in",
        summary="Signed in with the institution's account"
        + (" (its multi-factor sign-in trusted)" if connection.trust_idp_mfa and rules.asserts_mfa(claims) else ""),
        obj=identity,
        label=str(identity),
    )
    return identity.user
