"""Handing work in, and asking for more time."""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from cohorts.services import activity_record
from curriculum.selectors import assessment_refusal
from enrolment.models import Enrolment
from nasenco.dates import long_date
from nasenco.files.uploads import clean_filename
from nasenco.files.words import count_words
from nasenco.mail.services import email_queue
from schools.selectors import current_mentorship

from ..models import Component, DueDate, Extension, Submission, may_hand_in
from ..sittings import within_words
from ..timing import Timing, check_extension, judge
from .marking import tell_marker
from .sittings import sitting_of


def _due(enrolment: Enrolment, component: Component) -> DueDate | None:
    return DueDate.objects.filter(component=component, cohort_id=enrolment.cohort_id).first()


def approved_extension(enrolment, component):
    return (
        Extension.objects.filter(enrolment=enrolment, component=component, status=Extension.Status.APPROVED)
        .order_by("-until")
        .first()
    )


WORD_COUNT_SANITY = 3  # a count beyond three times the limit is a typing slip, not an over-length piece


@transaction.atomic
def submission_create(
    *,
    enrolment: Enrolment,
    component: Component,
    upload,
    checked,
    word_count: int | None,
    own_work: bool,
    today=None,
    now=None,
) -> Submission:
    """Hand in work: a first attempt, or a new attempt after a released fail (capped when marked). The words in
    the file are counted and kept beside the participant's own count (which leaves out references and
    appendices); with no count given, the file's stands."""
    today = today or timezone.localdate()
    in_file = count_words(upload, checked.extension)
    word_count = word_count or in_file
    if not word_count and component.word_limit:
        raise ValidationError({"word_count": "We could not count the words in this file: enter your word count."})
    if component.programme_id != enrolment.cohort.programme_id:
        raise ValidationError("This component is not part of your programme.")
    if component.kind == Component.Kind.BOOKLET:
        raise ValidationError("The performance booklet is not handed in: your headteacher signs it off.")
    if not own_work:
        raise ValidationError({"own_work": "Confirm the work is your own before submitting."})
    if word_count and component.word_limit and word_count > WORD_COUNT_SANITY * component.word_limit:
        raise ValidationError(
            {
                "word_count": f"{word_count:,} words is more than {WORD_COUNT_SANITY} times the "
                f"{component.word_limit:,}-word limit. Check the number: count the assignment itself, without "
                "references and appendices."
            }
        )
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)  # one submission at a time per participant
    previous = Submission.objects.filter(enrolment=enrolment, component=component).order_by("-attempt").first()
    if not may_hand_in(previous):
        raise ValidationError("You have already submitted this. A new attempt opens only after a released fail.")
    window = None
    if component.kind == Component.Kind.CASE_STUDY:  # sat in a window, not by a due date
        sitting = sitting_of(enrolment, component, now=now)
        if not sitting.is_open:  # outside the window, nothing else matters yet
            raise ValidationError(sitting.message)
        _refuse_below_engagement(enrolment, today=today)
        if not within_words(word_count, component.word_limit, component.word_tolerance_percent):
            raise ValidationError(
                {
                    "word_count": f"{word_count:,} words is over the {component.word_limit:,}-word limit (with "
                    f"{component.word_tolerance_percent}% leeway): shorten the case study before handing it in."
                }
            )
        window, timing = sitting.window, Timing(accepted=True, late=False, message="Handed in within the window.")
    else:
        _refuse_below_engagement(enrolment, today=today)
        due = _due(enrolment, component)
        extension = approved_extension(enrolment, component)
        timing = judge(
            submitted_on=today,
            due_on=due.due_on if due else None,
            late_days=due.late_days if due else 14,
            extension_until=extension.until if extension else None,
        )
        if not timing.accepted and (previous is None):
            raise ValidationError(timing.message)
    submission = Submission(
        enrolment=enrolment,
        component=component,
        attempt=(previous.attempt + 1) if previous else 1,
        file_name=clean_filename(upload.name),
        content_type=checked.content_type,
        word_count=word_count,
        file_word_count=in_file,
        own_work_declared=True,
        late=timing.late and previous is None,
        window=window,
    )
    mentorship = current_mentorship(enrolment) if component.mentor_marks else None
    if mentorship is not None and mentorship.mentor_id:
        submission.marker, submission.allocated_on = mentorship.mentor, today
        tell_marker(mentorship.mentor, cohort=enrolment.cohort, count=1)
    submission.file.save(f"work.{checked.extension}", File(upload), save=False)
    submission.save()
    email_queue(
        to=enrolment.participant.email,
        template="assessment/email/receipt",
        context={
            "submission": submission,
            "enrolment": enrolment,
            "timing": timing,
            "programme": enrolment.cohort.programme.short_name,
        },
        key=f"receipt:{submission.pk}",
        reply_to=enrolment.cohort.provider.reply_address,
    )
    return submission


def _refuse_below_engagement(enrolment, *, today) -> None:
    refusal = assessment_refusal(enrolment, today=today)
    if refusal:
        raise ValidationError(refusal)


def extension_request(*, enrolment: Enrolment, component: Component, until, reason: str) -> Extension:
    due = _due(enrolment, component)
    try:
        check_extension(until=until, due_on=due.due_on if due else None)
    except ValueError as error:
        raise ValidationError({"until": str(error)}) from None
    return Extension.objects.create(enrolment=enrolment, component=component, until=until, reason=reason)


@transaction.atomic
def extension_decide(*, extension: Extension, by, approve: bool, note: str = "") -> Extension:
    updated = Extension.objects.filter(pk=extension.pk, status=Extension.Status.REQUESTED).update(
        status=Extension.Status.APPROVED if approve else Extension.Status.REFUSED,
        decided_by=by,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if not updated:
        raise ValidationError("This request has already been decided.")
    extension.refresh_from_db()
    enrolment = Enrolment.objects.select_related("cohort", "participant").get(pk=extension.enrolment_id)
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action="extension.decided",
        summary=f"Extension {'approved' if approve else 'refused'} until {long_date(extension.until)}",
        obj=extension,
        label=f"{extension.component.title} — {enrolment.participant.full_name}",
        about=enrolment.participant,
        changes={"status": (Extension.Status.REQUESTED.label, extension.get_status_display())},
    )
    return extension
