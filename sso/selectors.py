"""Reads: which providers offer single sign-on, and who may not use a password."""

from django.urls import reverse

from cohorts.models import Membership

from .models import Connection


def sign_in_options() -> list[tuple[str, str]]:
    """(label, url) per provider with single sign-on, for the sign-in page."""
    connections = Connection.objects.select_related("provider").order_by("provider__name")
    return [(f"Sign in with {c.provider.name}", reverse("sso:start", args=[c.provider_id])) for c in connections]


def password_refusal(user) -> str:
    """Staff of a provider that requires its single sign-on may not use a portal password."""
    required = (
        Connection.objects.filter(
            required=True, provider__memberships__user=user, provider__memberships__role__in=STAFF_ROLES
        )
        .select_related("provider")
        .first()
    )
    if required is None:
        return ""
    return (
        f"{required.provider.name} staff sign in with their institution's account: choose "
        f"“Sign in with {required.provider.name}” below."
    )


STAFF_ROLES = (Membership.Role.ADMIN, Membership.Role.TUTOR, Membership.Role.EXAMINER)


def connection_of(provider) -> Connection | None:
    return Connection.objects.filter(provider=provider).first()
