"""School-based mentors: invited by the participant or a provider admin through the same signed, expiring
link as staff (``nasenco.invitations``); the mentor signs in with a light account and records notes."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.services import activity_record
from enrolment.models import Enrolment
from nasenco.invitations import InvitationInvalid, invitation_renew, pending_from_token
from nasenco.invitations import invitation_token as signed_token
from nasenco.mail.services import email_queue

from ..models import MentorNote, Mentorship

INVITATION_DAYS = 14
SALT = "nasenco.schools.mentor"


def mentor_token(mentorship: Mentorship) -> str:
    return signed_token(mentorship, salt=SALT)


def mentor_from_token(token: str) -> Mentorship:
    return pending_from_token(
        token,
        salt=SALT,
        queryset=Mentorship.objects.select_related("enrolment__participant", "enrolment__cohort__provider"),
        sender=lambda m: m.enrolment.participant.full_name,
    )


@transaction.atomic
def mentor_invite(*, enrolment: Enrolment, email: str, name: str, by) -> Mentorship:
    """Name ``email`` as the participant's school-based mentor and send them the link. One current mentor per
    place: end the current one first (an invitation not yet used can be sent again instead)."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the mentor's name, as they would sign it."})
    if email == enrolment.participant.email.lower():
        raise ValidationError({"email": "A mentor is someone else at your school: give their email address."})
    now = timezone.now()
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                enrolment=enrolment,
                email=email,
                name=name,
                invited_by=by,
                sent_at=now,
                expires_at=now + dt.timedelta(days=INVITATION_DAYS),
            )
    except IntegrityError:
        current = enrolment.mentorships.get(cancelled_at__isnull=True)
        raise ValidationError(
            {"email": f"{current.name} is already named as the mentor. End that first, or send their link again."}
        ) from None
    _email(mentorship)
    _record(mentorship, by=by, action="mentor.invited", summary=f"{name} invited as school-based mentor")
    return mentorship


@transaction.atomic
def mentor_resend(*, mentorship: Mentorship, by) -> Mentorship:
    locked = invitation_renew(mentorship, days=INVITATION_DAYS)
    _email(locked)
    _record(locked, by=by, action="mentor.invited", summary="Mentor's invitation sent again")
    return locked


@transaction.atomic
def mentor_end(*, mentorship: Mentorship, by) -> None:
    """Withdraw the invitation or end the mentoring. What the mentor recorded and confirmed stays."""
    ended = Mentorship.objects.filter(pk=mentorship.pk, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    if not ended:
        raise ValidationError("This mentoring has already ended.")
    _record(mentorship, by=by, action="mentor.ended", summary=f"{mentorship.name} no longer the mentor")


@transaction.atomic
def mentor_accept(*, mentorship: Mentorship, user) -> Mentorship:
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if not locked.is_pending:
        raise InvitationInvalid("This invitation has already been used or withdrawn.")
    if user.email.lower() != locked.email.lower():
        raise InvitationInvalid(f"This invitation is for {locked.email}. Sign out, then open the link again.")
    if user.pk == mentorship.enrolment.participant_id:
        raise InvitationInvalid("You cannot be your own mentor.")
    locked.mentor, locked.accepted_at = user, timezone.now()
    locked.save(update_fields=["mentor", "accepted_at"])
    _record(locked, by=user, action="mentor.joined", summary="Accepted being the school-based mentor")
    return locked


@transaction.atomic
def mentor_note_add(*, enrolment: Enrolment, by, kind: str, happened_on, text: str, today=None) -> MentorNote:
    """A dated comment, observation or meeting, recorded by the participant's mentor."""
    today = today or timezone.localdate()
    text = text.strip()
    errors = {}
    if kind not in MentorNote.Kind.values:
        errors["kind"] = "Choose comment, observation or meeting."
    if happened_on is None or happened_on > today:
        errors["happened_on"] = "Give the date it happened: today or earlier."
    if not text:
        errors["text"] = "Write what you observed, discussed or want to say."
    elif len(text) > 5000:
        errors["text"] = f"Keep it to 5,000 characters: this is {len(text):,}."
    if errors:
        raise ValidationError(errors)
    note = MentorNote.objects.create(
        enrolment=enrolment, author=by, author_name=by.full_name, kind=kind, happened_on=happened_on, text=text
    )
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action="mentor.note",
        summary=f"{note.get_kind_display()} recorded for {happened_on:%d/%m/%Y}",
        obj=note,
        label=enrolment.participant.full_name,
        about=enrolment.participant,
    )
    return note


def _email(mentorship: Mentorship) -> None:
    enrolment = mentorship.enrolment
    email_queue(
        to=mentorship.email,
        template="schools/email/mentor_invitation",
        context={
            "mentorship": mentorship,
            "enrolment": enrolment,
            "link": reverse("schools:mentor-join", kwargs={"token": mentor_token(mentorship)}),
            "expires": mentorship.expires_at,
            "programme": enrolment.cohort.programme.short_name,
        },
        key=f"mentor:{mentorship.pk}:{mentorship.nonce}",
        reply_to=enrolment.cohort.provider.reply_address,
    )


def _record(mentorship: Mentorship, *, by, action: str, summary: str) -> None:
    enrolment = mentorship.enrolment
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=mentorship,
        label=f"{mentorship.name} for {enrolment.participant.full_name}",
        about=enrolment.participant,
    )
