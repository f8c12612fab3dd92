"""The headteacher declaration: a signed, expiring link; the hand-signed scan; an admin's verification."""

import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.services import activity_record
from nasenco.mail.services import email_queue

from ..models import DEFAULT_CLAUSES, Declaration, DeclarationClauses, Enrolment
from .events import event_record
from .transitions import applicant_tell

SALT = "nasenco.enrolment.declaration"
LINK_DAYS = 30


class LinkInvalid(Exception):
    """The link was altered, or replaced by a newer one."""


class LinkExpired(Exception):
    pass


def token_for(declaration: Declaration) -> str:
    return signing.dumps({"d": declaration.pk, "n": str(declaration.nonce)}, salt=SALT, compress=True)


def link_for(declaration: Declaration) -> str:
    return settings.SITE_URL + reverse("enrolment:declaration", kwargs={"token": token_for(declaration)})


def declaration_from_token(token: str) -> Declaration:
    """The declaration a link leads to. Tampered or superseded → LinkInvalid; out of date → LinkExpired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=LINK_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    declaration = (
        Declaration.objects.select_related(
            "enrolment__participant__profile__school",
            "enrolment__cohort__provider",
            "enrolment__cohort__programme",
        )
        .filter(pk=data.get("d"), nonce=data.get("n"))
        .first()
    )
    if declaration is None:
        raise LinkInvalid
    if declaration.expires_at < timezone.now():
        raise LinkExpired
    return declaration


@transaction.atomic
def declaration_clauses_save(*, provider, text: str, by) -> str:
    """A provider's own wording of the declaration, one clause per line. Links already sent keep the clauses
    they were sent with (each declaration stores its own copy)."""
    clauses = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not clauses:
        raise ValidationError({"text": "Write at least one clause, one per line."})
    before = clauses_for(provider)
    DeclarationClauses.objects.update_or_create(provider=provider, defaults={"text": clauses})
    if before != clauses:
        activity_record(
            provider_id=provider.pk,
            by=by,
            action="settings.declaration",
            summary="Headteacher declaration clauses changed",
            label=f"Declaration clauses — {provider.name}",
            changes={"clauses": (before, clauses)},
        )
    return clauses


def clauses_for(provider) -> str:
    custom = DeclarationClauses.objects.filter(provider=provider).first()
    return custom.text if custom else DEFAULT_CLAUSES


@transaction.atomic
def declaration_issue(*, enrolment: Enrolment, by=None) -> Declaration:
    """Send (or send again) the head a fresh link; any earlier link stops working."""
    now = timezone.now()
    declaration, created = Declaration.objects.select_for_update().get_or_create(
        enrolment=enrolment,
        defaults={
            "clauses": clauses_for(enrolment.cohort.provider),
            "sent_at": now,
            "expires_at": now + dt.timedelta(days=LINK_DAYS),
        },
    )
    if not created:
        declaration.nonce = uuid.uuid4()
        declaration.sent_at, declaration.expires_at = now, now + dt.timedelta(days=LINK_DAYS)
        declaration.save(update_fields=["nonce", "sent_at", "expires_at"])
    _email_head(declaration, template="enrolment/email/declaration_request")
    verb = "sent" if created else "sent again"
    activity_record(  # the place's own history says "declaration requested" as it moves on
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action="declaration.sent",
        summary=f"Declaration link {verb} to {enrolment.headteacher_name or 'the headteacher'}",
        obj=enrolment,
        label=f"{enrolment.participant.full_name} — {enrolment.cohort.name}",
        about=enrolment.participant,
    )
    return declaration


def _declaration_record(declaration: Declaration, *, by, reason: str) -> None:
    """A step in the declaration's life: on the place's history and in the activity log."""
    status = declaration.enrolment.status
    event_record(
        declaration.enrolment, by=by, reason=reason, from_status=status, to_status=status, action="declaration.step"
    )


def _email_head(declaration: Declaration, *, template: str) -> None:
    enrolment = declaration.enrolment
    email_queue(
        to=enrolment.headteacher_email,
        template=template,
        context={
            "enrolment": enrolment,
            "declaration": declaration,
            "link": link_for(declaration),
            "expires": declaration.expires_at,
            "programme": enrolment.cohort.programme.short_name,
        },
        key=f"declaration:{declaration.pk}:{declaration.nonce}:{declaration.status}",
        reply_to=enrolment.cohort.provider.reply_address,
    )


@transaction.atomic
def declaration_upload(*, declaration: Declaration, upload, checked, signed_by: str, dbs_confirmed: bool) -> None:
    """Store the hand-signed scan (already checked by content) and put it in front of the provider."""
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if locked.status == Declaration.Status.VERIFIED:
        raise LinkInvalid  # nothing more to upload
    old = locked.scan.name if locked.scan else ""
    locked.scan.save(f"scan.{checked.extension}", checked.file(upload), save=False)
    locked.scan_content_type, locked.scan_name = checked.content_type, (upload.name or "")[:200]
    locked.status, locked.uploaded_at = Declaration.Status.UPLOADED, timezone.now()
    locked.signed_by, locked.dbs_confirmed, locked.rejection_reason = signed_by, dbs_confirmed, ""
    locked.save()
    if old:  # the rejected scan is not kept: it was not accepted, and holds personal data
        transaction.on_commit(lambda: locked.scan.storage.delete(old))
    _declaration_record(locked, by=None, reason=f"{signed_by} uploaded the signed headteacher declaration.")


@transaction.atomic
def declaration_verify(*, declaration: Declaration, by) -> None:
    """A person has looked at the scan: signed by hand, the clauses confirmed. Accepting the place is the
    admin's next step (one by one or in bulk), so capacity is checked when places are given out."""
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if locked.status == Declaration.Status.VERIFIED:
        return
    if locked.status != Declaration.Status.UPLOADED:
        raise ValueError("Only an uploaded declaration can be verified.")
    locked.status, locked.decided_by, locked.decided_at = Declaration.Status.VERIFIED, by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    _declaration_record(locked, by=by, reason="Headteacher declaration verified: signed by hand, clauses confirmed.")


@transaction.atomic
def declaration_reject(*, declaration: Declaration, by, reason: str) -> None:
    """Send it back with the reason; the head's link asks for a new upload."""
    locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
    now = timezone.now()
    locked.status, locked.rejection_reason = Declaration.Status.REJECTED, reason
    locked.decided_by, locked.decided_at = by, now
    # A fresh link for the new upload; the one sent before stops working.
    locked.nonce, locked.sent_at, locked.expires_at = uuid.uuid4(), now, now + dt.timedelta(days=LINK_DAYS)
    locked.save()
    _declaration_record(locked, by=by, reason=f"Headteacher declaration rejected: {reason}")
    _email_head(locked, template="enrolment/email/declaration_rejected")
    applicant_tell(
        locked.enrolment,
        headline="Your headteacher's declaration has been sent back for a corrected upload",
        detail=reason,
        key=f"declaration-rejected:{locked.nonce}",
    )
