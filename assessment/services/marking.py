"""Allocating work to markers, marking against the rubric, and releasing marks."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cohorts.selectors import activity_since
from cohorts.services import activity_record
from nasenco.files.uploads import clean_filename
from nasenco.mail.services import email_queue

from ..marks import apply_policies, check_mark, passes, weighted_mark
from ..models import MarkChange, Submission
from ..signals import work_allocated
from .activity import WORK, cohort_work_record, work_record

# Autosaves while a marker types are recorded once per marker and piece in this many minutes.
DRAFT_LOG_EVERY_MINUTES = 10


def policies_applied(submission: Submission, raw: int):
    """The component's word-count policy and the resubmission cap, applied to a raw mark."""
    component = submission.component
    return apply_policies(
        raw,
        attempt=submission.attempt,
        words=submission.word_count,
        word_limit=component.word_limit,
        tolerance_percent=component.word_tolerance_percent,
        over_length_penalty=component.over_length_penalty,
        pass_mark=component.pass_mark,
    )


class MarkConflict(Exception):
    """Someone saved this mark after the marking page was opened; nothing was overwritten."""


@transaction.atomic
def allocate(*, submission: Submission, marker, by) -> None:
    locked = Submission.objects.select_for_update(of=("self",)).select_related(*WORK, "marker").get(pk=submission.pk)
    old = locked.marker.full_name if locked.marker else None
    Submission.objects.filter(pk=submission.pk).update(marker=marker, allocated_on=timezone.localdate())
    summary = f"Allocated to {marker.full_name}" if marker else "Allocation removed"
    changes = {"marker": (old, marker.full_name if marker else None)}
    work_record(locked, by=by, action="work.allocated", summary=summary, changes=changes)
    if marker is not None and marker.pk != locked.marker_id:
        tell_marker(marker, cohort=locked.enrolment.cohort, count=1)


def tell_marker(marker, *, cohort, count: int) -> None:
    """Say that work was allocated to a marker: the reminders app emails them (unless they switched those
    emails off) and notifies them in the portal; their dashboard's "My work" lists it whatever they chose."""
    work_allocated.send(sender=Submission, marker=marker, cohort=cohort, count=count)


@transaction.atomic
def allocate_balanced(*, cohort, markers, by) -> int:
    """Give each of the cohort's unallocated submissions to the marker with the least work (ties in the order given)."""
    markers = list(markers)
    if not markers:
        raise ValidationError("The cohort has no tutors to mark its work: allocate tutors first.")
    load = {m.pk: 0 for m in markers}
    for row in Submission.objects.filter(marker__in=markers).values("marker").annotate(n=Count("pk")):
        load[row["marker"]] = row["n"]
    done, given = 0, dict.fromkeys(load, 0)
    for submission in Submission.objects.filter(enrolment__cohort=cohort, marker__isnull=True).order_by("pk"):
        marker_id = min(load, key=lambda pk: (load[pk], [m.pk for m in markers].index(pk)))
        Submission.objects.filter(pk=submission.pk).update(marker_id=marker_id, allocated_on=timezone.localdate())
        load[marker_id] += 1
        given[marker_id] += 1
        done += 1
    for marker in markers:
        if given[marker.pk]:
            tell_marker(marker, cohort=cohort, count=given[marker.pk])
    if done:
        names = ", ".join(m.full_name for m in markers)
        summary = f"Allocated {done} piece(s) of work between {names}"
        activity_record(provider_id=cohort.provider_id, by=by, action="work.allocated", summary=summary, obj=cohort)
    return done


@transaction.atomic
def mark_save(
    *,
    feedback_file=None,
    submission: Submission,
    by,
    criterion_marks: dict[int, int] | None = None,
    criterion_feedback: dict[int, str] | None = None,
    passed: bool | None = None,
    feedback: str,
    expected_version: int,
) -> Submission:
    """Record the first marker's mark: criterion marks make the mark, then the word-count and resubmission rules.
    Feedback per criterion is kept beside the overall feedback."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=submission.pk)
    if locked.version != expected_version:
        raise MarkConflict
    if locked.status == Submission.Status.RELEASED:
        raise ValidationError("This mark has been released; it can no longer be changed here.")
    component = locked.component
    old, old_passed = locked.final_mark, locked.passed
    if component.kind == component.Kind.LEVEL_7:
        criteria = list(component.criteria.all())
        missing = [c.title for c in criteria if criterion_marks.get(c.pk) is None]
        if missing:
            raise ValidationError(f"Give a mark for every criterion: {', '.join(missing)}.")
        for value in criterion_marks.values():
            check_mark(value)
        raw = weighted_mark([(c.weight, criterion_marks[c.pk]) for c in criteria])
        result = policies_applied(locked, raw)
        locked.criterion_marks = {str(k): v for k, v in criterion_marks.items()}
        locked.criterion_feedback = {str(k): v for k, v in (criterion_feedback or {}).items() if v}
        locked.raw_mark, locked.final_mark = raw, result.final
        locked.passed = passes(result.final, component.pass_mark)
        locked.mark_notes = result.notes
    else:
        if passed is None:
            raise ValidationError("Choose pass or fail.")
        locked.passed, locked.raw_mark, locked.final_mark, locked.mark_notes = passed, None, None, []
    locked.feedback, locked.status, locked.version = feedback, Submission.Status.MARKED, locked.version + 1
    if feedback_file is not None:  # (upload, checked), already validated by content
        upload, checked = feedback_file
        locked.feedback_file.save(f"annotated.{checked.extension}", File(upload), save=False)
        locked.feedback_file_name = f"Annotated - {clean_filename(upload.name)}"
    locked.save()
    MarkChange.objects.create(submission=locked, by=by, old_mark=old, new_mark=locked.final_mark)
    shown = locked.final_mark if locked.final_mark is not None else ("pass" if locked.passed else "fail")
    changes = {"mark": (old, locked.final_mark), "passed": (old_passed, locked.passed)}
    work_record(locked, by=by, action="mark.saved", summary=f"Marked: {shown}", changes=changes)
    return locked


def release_ready(*, cohort, component, lock: bool = False) -> list[Submission]:
    """The marked work a release would give back, or ValidationError saying what holds it: unmarked work, no
    moderation sample, or moderation not finished. The confirmation page and the release both ask this."""
    pending = Submission.objects.filter(enrolment__cohort=cohort, component=component).exclude(
        status__in=[Submission.Status.MARKED, Submission.Status.RELEASED]
    )
    if pending.exists():
        raise ValidationError(f"{pending.count()} submission(s) are not marked yet: mark them before releasing.")
    from .moderation import moderation_outstanding

    moderated = component.kind in (component.Kind.LEVEL_7, component.Kind.CASE_STUDY)
    marked = Submission.objects.filter(enrolment__cohort=cohort, component=component, status=Submission.Status.MARKED)
    if moderated and marked.exists() and not marked.filter(in_sample=True).exists():
        raise ValidationError("Draw the moderation sample and have it second-marked before releasing.")
    outstanding = moderation_outstanding(cohort=cohort, component=component)
    if outstanding:
        raise ValidationError(f"Moderation is not complete: {outstanding} sampled piece(s) still need an agreed mark.")
    ready = Submission.objects.filter(enrolment__cohort=cohort, component=component, status=Submission.Status.MARKED)
    if lock:
        ready = ready.select_for_update(of=("self",))
    return list(
        ready.select_related("enrolment__participant", "component").order_by("enrolment__participant__full_name")
    )


@transaction.atomic
def release(*, cohort, component, by) -> int:
    """Release every marked submission of a cohort's component; each participant is told. Unmarked work holds it."""
    ready = release_ready(cohort=cohort, component=component, lock=True)
    now = timezone.now()
    Submission.objects.filter(pk__in=[s.pk for s in ready]).update(status=Submission.Status.RELEASED, released_at=now)
    for submission in ready:
        email_queue(
            to=submission.enrolment.participant.email,
            template="assessment/email/released",
            context={"submission": submission, "component": component, "programme": component.programme.short_name},
            key=f"released:{submission.pk}",
            reply_to=cohort.provider.reply_address,
        )
    if ready:
        summary = f"Released {len(ready)} mark(s) to participants"
        cohort_work_record(cohort=cohort, component=component, by=by, action="mark.released", summary=summary)
    return len(ready)


@transaction.atomic
def mark_draft_save(
    *,
    submission: Submission,
    by,
    criterion_marks: dict[int, int],
    feedback: str,
    expected_version: int,
    criterion_feedback: dict[int, str] | None = None,
) -> Submission:
    """Autosave while marking: keep what has been typed, without making it a mark. Same conflict rule."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=submission.pk)
    if locked.version != expected_version:
        raise MarkConflict
    if locked.status not in (Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING, Submission.Status.MARKED):
        raise ValidationError("This mark has been released; it can no longer be changed here.")
    for value in criterion_marks.values():
        check_mark(value)
    before = locked.criterion_marks
    locked.criterion_marks = {**before, **{str(k): v for k, v in criterion_marks.items()}}
    locked.feedback = feedback
    if criterion_feedback is not None:
        locked.criterion_feedback = {str(k): v for k, v in criterion_feedback.items() if v}
    if locked.status == Submission.Status.NOT_MARKED:
        locked.status = Submission.Status.IN_MARKING
    locked.version += 1
    locked.save(update_fields=["criterion_marks", "criterion_feedback", "feedback", "status", "version"])
    if not _draft_recorded_lately(locked, by):
        changes = {"criterion marks": (before, locked.criterion_marks)}
        work_record(locked, by=by, action="mark.draft", summary="Draft marks saved", changes=changes)
    return locked


def _draft_recorded_lately(submission: Submission, by) -> bool:
    since = timezone.now() - dt.timedelta(minutes=DRAFT_LOG_EVERY_MINUTES)
    return activity_since(submission, by=by, action="mark.draft", since=since)
