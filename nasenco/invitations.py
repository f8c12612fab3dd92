"""Signed, expiring invitation links, one mechanism for every kind (staff, mentors). The invitation is a
row with ``nonce`` (a resend changes it, so only the newest link works), ``expires_at``, ``accepted_at``
and ``cancelled_at``; the link carries its id and nonce, signed with a salt per kind."""

import datetime as dt
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from nasenco.dates import long_date


class InvitationInvalid(Exception):
    """The link cannot be used; the message says why and what to do."""


def invitation_token(invitation, *, salt: str) -> str:
    return signing.dumps({"i": invitation.pk, "n": str(invitation.nonce)}, salt=salt)


def pending_from_token(token: str, *, salt: str, queryset, sender) -> object:
    """The pending invitation a link names, or InvitationInvalid saying what went wrong. ``sender(row)``
    names who sent it, for the messages."""
    try:
        data = signing.loads(token, salt=salt)
        invitation = queryset.get(pk=data["i"])
    except (signing.BadSignature, queryset.model.DoesNotExist, KeyError, TypeError, ValueError):
        raise InvitationInvalid("This invitation link is not valid. Check that you copied all of it.") from None
    who = sender(invitation)
    if invitation.cancelled_at:
        raise InvitationInvalid(f"{who} withdrew this invitation. Ask them if you expected to join.")
    if invitation.accepted_at:
        raise InvitationInvalid("This invitation has already been used. Sign in with the account that used it.")
    if str(invitation.nonce) != data["n"]:
        raise InvitationInvalid(f"{who} has sent you a newer invitation: use the link in the latest email.")
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            f"This invitation expired on {long_date(timezone.localtime(invitation.expires_at))}. "
            f"Ask {who} to send a new one."
        )
    return invitation


def invitation_renew(invitation, *, days: int):
    """Lock a pending invitation and give it a fresh link (new nonce) and expiry; the earlier link stops
    working. Call inside the caller's transaction; it emails and records."""
    locked = type(invitation).objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise ValidationError("This invitation has been used or withdrawn: there is nothing to send again.")
    now = timezone.now()
    locked.nonce, locked.sent_at, locked.expires_at = uuid.uuid4(), now, now + dt.timedelta(days=days)
    locked.save(update_fields=["nonce", "sent_at", "expires_at"])
    return locked
