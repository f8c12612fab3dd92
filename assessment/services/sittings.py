"""The case study: its windows per cohort, individual adjustments (extra time; a later window after
extenuating circumstances approved by an admin), and appeals against a released result, decided by someone
who did not mark or moderate the work. Each change is recorded; each decision is emailed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.services import activity_record
from nasenco.dates import long_date
from nasenco.mail.services import email_queue

from ..models import Adjustment, Appeal, Component, MarkChange, Submission, Window
from ..selectors import sitting_of
from ..sittings import appeal_deadline, when
from .activity import WORK, cohort_work_record, work_record


def _case_study(component: Component) -> None:
    if component.kind != Component.Kind.CASE_STUDY:
        raise ValidationError("Only a case study is sat in windows.")


@transaction.atomic
def window_save(*, cohort, component: Component, opens_at, closes_at, brief: str, by, window: Window | None = None):
    _case_study(component)
    if component.programme_id != cohort.programme_id:
        raise ValidationError("This component is not part of the cohort's programme.")
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": "The window must close after it opens."})
    if window is not None and Submission.objects.filter(window=window).exists() and window.opens_at != opens_at:
        raise ValidationError({"opens_at": "Work has been handed in in this window: its opening cannot move."})
    window = window or Window(cohort=cohort, component=component)
    window.opens_at, window.closes_at, window.brief = opens_at, closes_at, brief.strip()
    window.full_clean()
    window.save()
    cohort_work_record(
        cohort=cohort, component=component, by=by, action="due.window",
        summary=f"Case study window: opens {when(opens_at)}, closes {when(closes_at)}",
    )  # fmt: skip
    return window


def adjustment_request(*, enrolment, component: Component, kind: str, reason: str, extra_minutes=None) -> Adjustment:
    _case_study(component)
    if kind == Adjustment.Kind.EXTRA_TIME and not extra_minutes:
        raise ValidationError({"extra_minutes": "Say how many minutes of extra time you need."})
    if Adjustment.objects.filter(
        enrolment=enrolment, component=component, kind=kind, status=Adjustment.Status.REQUESTED
    ).exists():
        raise ValidationError("You have asked already: your provider will decide and email you.")
    adjustment = Adjustment.objects.create(
        enrolment=enrolment, component=component, kind=kind, reason=reason.strip(),
        extra_minutes=extra_minutes if kind == Adjustment.Kind.EXTRA_TIME else None,
    )  # fmt: skip
    activity_record(
        provider_id=enrolment.cohort.provider_id, by=enrolment.participant, action="extension.adjustment-asked",
        summary=f"Asked for {adjustment.get_kind_display().lower()}", obj=adjustment,
        label=f"{component.title} — {enrolment.participant.full_name}", about=enrolment.participant,
    )  # fmt: skip
    return adjustment


@transaction.atomic
def adjustment_decide(*, adjustment: Adjustment, by, approve: bool, window: Window | None = None, note: str = ""):
    locked = Adjustment.objects.select_for_update().select_related("enrolment__cohort", "enrolment__participant",
                                                                    "component").get(pk=adjustment.pk)  # fmt: skip
    if locked.status != Adjustment.Status.REQUESTED:
        raise ValidationError("This request has already been decided.")
    if approve and locked.kind == Adjustment.Kind.LATER_WINDOW:
        current = sitting_of(locked.enrolment, locked.component).window
        if (
            window is None
            or window.cohort_id != locked.enrolment.cohort_id
            or window.component_id != locked.component_id
        ):
            raise ValidationError({"window": "Choose the later window the participant will sit."})
        if current is not None and window.opens_at <= current.opens_at:
            raise ValidationError({"window": "Choose a window after the one they would sit now."})
    locked.status = Adjustment.Status.APPROVED if approve else Adjustment.Status.REFUSED
    locked.window = window if approve and locked.kind == Adjustment.Kind.LATER_WINDOW else None
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note.strip()
    locked.save()
    person = locked.enrolment.participant
    activity_record(
        provider_id=locked.enrolment.cohort.provider_id, by=by, action="extension.adjustment-decided",
        summary=f"{locked.get_kind_display()} {'approved' if approve else 'refused'}", obj=locked,
        label=f"{locked.component.title} — {person.full_name}", about=person,
    )  # fmt: skip
    email_queue(
        to=person.email, template="assessment/email/adjustment",
        context={"adjustment": locked, "programme": locked.component.programme.short_name},
        key=f"adjustment:{locked.pk}", reply_to=locked.enrolment.cohort.provider.reply_address,
    )  # fmt: skip
    return locked


@transaction.atomic
def appeal_lodge(*, submission: Submission, grounds: str, by, now=None) -> Appeal:
    """The participant appeals a released fail, within the component's appeal days."""
    now = now or timezone.now()
    locked = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=submission.pk)
    if locked.enrolment.participant_id != by.pk:
        raise ValidationError("Only the participant can appeal their result.")
    if locked.status != Submission.Status.RELEASED or locked.passed is not False:
        raise ValidationError("Only a released result that is not a pass can be appealed.")
    last_day = appeal_deadline(locked.released_at, locked.component.appeal_days)
    if timezone.localdate(now) > last_day:
        raise ValidationError(f"Appeals against this result closed on {long_date(last_day)}.")
    if locked.appeals.filter(status=Appeal.Status.LODGED).exists():
        raise ValidationError("Your appeal is already waiting for a decision.")
    grounds = grounds.strip()
    if not grounds:
        raise ValidationError({"grounds": "Fill this in to continue."})
    appeal = Appeal.objects.create(submission=locked, grounds=grounds)
    work_record(locked, by=by, action="mark.appeal-lodged", summary="Appeal lodged")
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, by, uphold: bool, decision: str) -> Appeal:
    """Decided by someone who neither marked nor moderated the work; upholding makes the result a pass."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.status != Appeal.Status.LODGED:
        raise ValidationError("This appeal has already been decided.")
    submission = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=locked.submission_id)
    if by.pk in {submission.marker_id, *submission.moderation.values_list("marker_id", flat=True)}:
        raise ValidationError("An appeal is decided by someone who did not mark or moderate the work.")
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": "Fill this in to continue: the participant is sent your reasons."})
    locked.status = Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED
    locked.reviewer, locked.decided_at, locked.decision = by, timezone.now(), decision
    locked.save()
    if uphold:
        submission.passed = True
        submission.save(update_fields=["passed"])
        MarkChange.objects.create(submission=submission, by=by, old_mark=None, new_mark=None)
    outcome = "upheld: the result is now a pass" if uphold else "dismissed: the result stands"
    work_record(submission, by=by, action="mark.appeal-decided", summary=f"Appeal {outcome}",
                changes={"passed": (False, submission.passed)})  # fmt: skip
    email_queue(
        to=submission.enrolment.participant.email, template="assessment/email/appeal",
        context={"appeal": locked, "submission": submission, "programme": submission.component.programme.short_name},
        key=f"appeal:{locked.pk}",
        reply_to=submission.enrolment.cohort.provider.reply_address,
    )  # fmt: skip
    return locked
