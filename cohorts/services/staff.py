"""A provider's staff: invitations by signed link, roles changed and revoked. Every step is in the log.

A change takes effect on the very next request: roles are read from Membership rows on each request
(``selectors.staff_roles``), never cached beyond it.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nasenco.invitations import InvitationInvalid, invitation_renew, pending_from_token
from nasenco.invitations import invitation_token as signed_token
from nasenco.mail.services import email_queue

from ..models import Invitation, Membership, Provider
from .activity import activity_record

INVITATION_DAYS = 14
SALT = "nasenco.cohorts.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signed_token(invitation, salt=SALT)


def invitation_link(invitation: Invitation) -> str:
    return reverse("cohorts:join", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link names, or InvitationInvalid saying what went wrong."""
    return pending_from_token(
        token, salt=SALT, queryset=Invitation.objects.select_related("provider"), sender=lambda i: i.provider.name
    )


@transaction.atomic
def invitation_send(*, provider: Provider, email: str, role: str, by, ends_on=None, cohorts=()) -> Invitation:
    """Invite ``email`` to ``provider``'s staff as ``role``. Refuses an existing member in that role, a
    pending invitation (resend it instead) and, for admins and tutors, someone on another provider's staff.
    An external examiner is invited for named cohorts of this provider, until ``ends_on``."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose admin, tutor or external examiner."})
    cohorts = list(cohorts)
    if role == Membership.Role.EXAMINER:
        if not cohorts or any(c.provider_id != provider.pk for c in cohorts):
            raise ValidationError({"cohorts": "Choose the cohorts of yours this examiner sees."})
        if ends_on is None or ends_on < timezone.localdate():
            raise ValidationError({"ends_on": "Give the last day of the examiner's access, today or later."})
    else:
        ends_on, cohorts = None, []
    label = Membership.Role(role).label.lower()
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is not None:
        roles = Membership.objects.filter(user=existing)
        if roles.filter(provider=provider, role=role).exists():
            raise ValidationError({"email": f"{existing.full_name or email} is already a {label} at {provider.name}."})
        staff = [Membership.Role.ADMIN, Membership.Role.TUTOR]
        elsewhere = roles.exclude(provider=provider).filter(role__in=staff).select_related("provider").first()
        if elsewhere is not None and role in staff:
            raise ValidationError(
                {
                    "email": f"{email} is on the staff of {elsewhere.provider.name}. One account belongs to one "
                    "provider's staff: ask them for another address, or ask the platform operator."
                }
            )
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                provider=provider,
                email=email,
                role=role,
                invited_by=by,
                sent_at=now,
                expires_at=now + dt.timedelta(days=INVITATION_DAYS),
                ends_on=ends_on,
            )
            invitation.cohorts.set(cohorts)
    except IntegrityError:
        raise ValidationError(
            {"email": f"{email} already has an invitation to be a {label}: resend it from the list below."}
        ) from None
    _email(invitation)
    _record(invitation, by=by, action="staff.invited", summary=f"Invited as {label}")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """A fresh link with a fresh expiry; the earlier link stops working."""
    locked = invitation_renew(invitation, days=INVITATION_DAYS)
    _email(locked)
    _record(locked, by=by, action="staff.invited", summary="Invitation sent again")
    return locked


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> None:
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    if not updated:
        raise ValidationError("This invitation has already been used or withdrawn.")
    _record(invitation, by=by, action="staff.invitation-withdrawn", summary="Invitation withdrawn")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """``user`` (signed in with the invited address) joins the staff. Used once: a second try is refused."""
    locked = Invitation.objects.select_for_update().select_related("provider").get(pk=invitation.pk)
    if not locked.is_pending:
        raise InvitationInvalid("This invitation has already been used or withdrawn.")
    if user.email.lower() != locked.email.lower():
        raise InvitationInvalid(f"This invitation is for {locked.email}. Sign out, then open the link again.")
    membership, _ = Membership.objects.get_or_create(provider=locked.provider, user=user, role=locked.role)
    if locked.role == Membership.Role.EXAMINER:
        membership.ends_on = locked.ends_on
        membership.save(update_fields=["ends_on"])
        membership.cohorts.add(*locked.cohorts.all())
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    _record(locked, by=user, action="staff.joined", summary=f"Joined as {membership.get_role_display().lower()}")
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, role: str, by) -> Membership:
    """Give a member another role instead of this one (admin ↔ tutor)."""
    if role not in (Membership.Role.ADMIN, Membership.Role.TUTOR):
        raise ValidationError("Choose admin or tutor. To make someone an external examiner, invite them as one.")
    locked = Membership.objects.select_for_update().select_related("provider", "user").get(pk=membership.pk)
    if locked.role == role:
        return locked
    if Membership.objects.filter(provider=locked.provider, user=locked.user, role=role).exists():
        raise ValidationError(f"{locked.user.full_name} already holds that role: remove this one instead.")
    _keep_an_admin(locked)
    old = locked.get_role_display()
    locked.role = role
    locked.save(update_fields=["role"])
    activity_record(
        provider_id=locked.provider_id,
        by=by,
        action="staff.role-changed",
        summary=f"Role changed to {locked.get_role_display().lower()}",
        obj=locked,
        label=locked.user.full_name,
        changes={"role": (old, locked.get_role_display())},
    )
    return locked


@transaction.atomic
def membership_revoke(*, membership: Membership, by) -> None:
    """Remove a role. The person keeps their account (and what they did stays in the log)."""
    locked = Membership.objects.select_for_update().select_related("provider", "user").get(pk=membership.pk)
    _keep_an_admin(locked)
    activity_record(
        provider_id=locked.provider_id,
        by=by,
        action="staff.revoked",
        summary=f"{locked.get_role_display()} role removed",
        label=locked.user.full_name,
        changes={"role": (locked.get_role_display(), None)},
    )
    locked.delete()


def _keep_an_admin(membership: Membership) -> None:
    if membership.role != Membership.Role.ADMIN:
        return
    others = Membership.objects.filter(provider=membership.provider_id, role=Membership.Role.ADMIN)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(f"{membership.provider.name} needs at least one admin: add another admin first.")


def _email(invitation: Invitation) -> None:
    email_queue(
        to=invitation.email,
        template="cohorts/email/invitation",
        context={"invitation": invitation, "link": invitation_link(invitation), "expires": invitation.expires_at},
        key=f"invitation:{invitation.pk}:{invitation.nonce}",
        reply_to=invitation.provider.reply_address,
    )


def _record(invitation: Invitation, *, by, action: str, summary: str) -> None:
    activity_record(
        provider_id=invitation.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=invitation,
        label=invitation.email,
        changes={"role": (None, invitation.get_role_display())},
    )
