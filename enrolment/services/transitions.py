"""Moving an enrolment from one state to the next: locked, audited, and capacity-safe."""

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from nasenco.mail.services import email_queue

from ..models import Declaration, Enrolment
from ..places import place_given
from ..states import can_move
from .events import event_record
from .statutory import place_refusal, statutory_refresh

# What the applicant is told when their application reaches these states (and why, from the event).
APPLICANT_TOLD = {
    Enrolment.Status.AWAITING_DECLARATION: "You are eligible: we have asked your headteacher to confirm your place",
    Enrolment.Status.ACCEPTED: "Your place is confirmed",
    Enrolment.Status.INELIGIBLE: "We cannot offer you a place on this course",
    Enrolment.Status.WITHDRAWN: "Your application or place has been withdrawn",
}


class TransitionRefused(Exception):
    pass


class CohortFull(TransitionRefused):
    pass


def _record(enrolment: Enrolment, from_status: str, to_status: str, by, reason: str) -> None:
    action = "enrolment.transferred" if Enrolment.Status.TRANSFERRED in (to_status, "") else "enrolment.moved"
    event = event_record(enrolment, by=by, reason=reason, from_status=from_status, to_status=to_status, action=action)
    if to_status in APPLICANT_TOLD:
        applicant_tell(enrolment, headline=APPLICANT_TOLD[to_status], detail=reason, key=f"event:{event.pk}")


def applicant_tell(enrolment: Enrolment, *, headline: str, detail: str, key: str) -> None:
    """Email the applicant what happened to their application, with a link to it."""
    email_queue(
        to=enrolment.participant.email,
        template="enrolment/email/application_update",
        context={
            "enrolment": enrolment,
            "headline": headline,
            "detail": detail,
            "programme": enrolment.cohort.programme.short_name,
        },
        key=f"application:{enrolment.pk}:{key}",
        reply_to=enrolment.cohort.provider.reply_address,
    )


class CourseClosed(TransitionRefused):
    pass


def refuse_if_closed(cohort: Cohort) -> None:
    """A course that cannot count towards the requirement takes no one, not even onto its waiting list."""
    closed = place_refusal(cohort)
    if closed:
        raise CourseClosed(f"{cohort.name} cannot take places: {closed}")


def refuse_place(cohort: Cohort) -> None:
    """The rules every way of making a place passes (accepting an application, placing directly, importing,
    transferring, accepting from DfE): the course must count towards the requirement (reg. 49(7),
    ``place_refusal``) and have a place left. Call with the cohort locked."""
    refuse_if_closed(cohort)
    taken = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.ON_PROGRAMME).count()
    if taken >= cohort.capacity:
        raise CohortFull(f"{cohort.name} is full: all {cohort.capacity} places are taken.")


@transaction.atomic
def enrolment_transition(*, enrolment: Enrolment, to: str, by=None, reason: str = "", completed_on=None) -> Enrolment:
    """Move ``enrolment`` to ``to``, recording who, when and why. Returns the fresh row. ``completed_on``:
    the day the qualification was held, when it is not today (an NPQ outcome's completion date).

    The row is locked first, so two people acting at once are applied one after the other; the second
    sees the first's result and is refused if the move no longer makes sense. Accepting locks the cohort
    too and refuses a place beyond its capacity.
    """
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == to:
        return locked  # already done: nothing to do, nothing to record
    if not can_move(locked.status, to):
        raise TransitionRefused(
            f"{locked.participant} is now “{locked.get_status_display()}”; they cannot move to "
            f"“{Enrolment.Status(to).label}” from there."
        )
    if to == Enrolment.Status.ACCEPTED and locked.status == Enrolment.Status.AWAITING_DECLARATION:
        declaration = getattr(locked, "declaration", None)
        if declaration is None or declaration.status != Declaration.Status.VERIFIED:
            raise TransitionRefused(
                f"{locked.participant}'s headteacher declaration has not been verified yet: check the signed "
                "form first."
            )
    given = to in Enrolment.ON_PROGRAMME and locked.status not in Enrolment.ON_PROGRAMME
    if given:
        refuse_place(Cohort.objects.select_for_update().get(pk=locked.cohort_id))
    previous = locked.status
    locked.status = to
    locked.save(update_fields=["status", "updated"])
    if to == Enrolment.Status.COMPLETED:  # the award is held from today: the deadline is met or missed
        locked.completed_on = completed_on or timezone.localdate()
        locked.save(update_fields=["completed_on"])
        statutory_refresh(Enrolment.objects.filter(pk=locked.pk))
    _record(locked, previous, to, by, reason)
    if given:
        place_given(locked)
    return locked


@transaction.atomic
def enrolment_transfer(*, enrolment: Enrolment, to_cohort: Cohort, by, reason: str = "") -> Enrolment:
    """Move a participant's place to another cohort of the same provider, keeping its history.

    The old place becomes "transferred" and points at the new one, which starts in the same state.
    """
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not can_move(locked.status, Enrolment.Status.TRANSFERRED):
        raise TransitionRefused(f"A place that is “{locked.get_status_display()}” cannot be transferred.")
    target = Cohort.objects.select_for_update().get(pk=to_cohort.pk)
    if target.pk == locked.cohort_id or target.provider_id != locked.cohort.provider_id:
        raise TransitionRefused("Choose another cohort of the same provider.")
    if target.status not in (Cohort.Status.OPEN, Cohort.Status.RUNNING):
        raise TransitionRefused(f"{target.name} is {target.get_status_display().lower()}: it takes no one now.")
    if Enrolment.objects.filter(cohort=target, participant_id=locked.participant_id).exists():
        raise TransitionRefused(f"{locked.participant} already has a place or application on {target.name}.")
    new_status = Enrolment.Status.ACCEPTED if locked.status == Enrolment.Status.DEFERRED else locked.status
    if new_status in Enrolment.ON_PROGRAMME:
        refuse_place(target)
    moved = Enrolment.objects.create(
        cohort=target,
        participant_id=locked.participant_id,
        status=new_status,
        headteacher_name=locked.headteacher_name,
        headteacher_email=locked.headteacher_email,
        eligible=locked.eligible,
        award_scope=locked.award_scope,
        reasons=locked.reasons,
        submitted_at=locked.submitted_at,
    )
    statutory_refresh(Enrolment.objects.filter(pk=moved.pk))  # another cohort: other dates, perhaps other terms
    place_given(moved)
    _record(moved, "", new_status, by, f"Transferred from {locked.cohort}. {reason}".strip())
    previous = locked.status
    locked.status, locked.transferred_to = Enrolment.Status.TRANSFERRED, moved
    locked.save(update_fields=["status", "transferred_to", "updated"])
    _record(locked, previous, Enrolment.Status.TRANSFERRED, by, f"Transferred to {target}. {reason}".strip())
    return moved
