"""Moderation: drawing the sample, blind second marking, a third marker on wide disagreement, the agreed mark."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..marks import check_mark, moderation_sample, needs_third_marker, pass_fail_sample, passes
from ..models import Component, MarkChange, ModerationMark, Submission
from .activity import WORK, cohort_work_record, work_record
from .marking import policies_applied

MODERATED = (Component.Kind.LEVEL_7, Component.Kind.CASE_STUDY)


def sample_candidates(*, cohort, component: Component, percent: int | None = None) -> list[Submission]:
    """The pieces a draw would add to the sample (shown on the confirmation page), or ValidationError."""
    if component.kind not in MODERATED:
        raise ValidationError("Only Level 7 components and the case study are moderated.")
    work = Submission.objects.filter(enrolment__cohort=cohort, component=component)
    if work.filter(status__in=[Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING]).exists():
        raise ValidationError("Mark every piece before drawing the moderation sample.")
    percent = component.moderation_percent if percent is None else percent
    if component.kind == Component.Kind.CASE_STUDY:  # pass or fail: every fail and a share of each marker's passes
        rows = work.exclude(status=Submission.Status.RELEASED).values_list("pk", "marker_id", "passed")
        chosen = pass_fail_sample(
            [(pk, marker or 0, passed) for pk, marker, passed in rows if passed is not None], percent=percent
        )
    else:
        rows = work.exclude(status=Submission.Status.RELEASED).values_list("pk", "marker_id", "raw_mark")
        chosen = moderation_sample(
            [(pk, marker or 0, mark) for pk, marker, mark in rows if mark is not None],
            percent=percent,
            pass_mark=component.pass_mark,
        )
    return list(
        work.filter(pk__in=chosen, in_sample=False)
        .select_related("enrolment__participant", "marker", "component")
        .order_by("enrolment__participant__full_name")
    )


@transaction.atomic
def sample_draw(*, cohort, component: Component, by, percent: int | None = None) -> int:
    """Mark the cohort's sample for this component: all fails, all 70+, near-boundary marks, and a share of each
    marker's work. Needs every piece marked first; drawing again adds nothing already chosen."""
    chosen = sample_candidates(cohort=cohort, component=component, percent=percent)
    added = Submission.objects.filter(pk__in=[s.pk for s in chosen], in_sample=False).update(in_sample=True)
    if added:
        summary = f"Drew the moderation sample: {added} piece(s) added"
        cohort_work_record(cohort=cohort, component=component, by=by, action="mark.sample", summary=summary)
    return added


def next_role(submission: Submission) -> str | None:
    """Which moderation mark this piece needs next, if any."""
    if not submission.in_sample or submission.agreed_mark is not None:
        return None
    marks = {m.role: m.mark for m in submission.moderation.all()}
    if ModerationMark.Role.SECOND not in marks:
        return ModerationMark.Role.SECOND
    if ModerationMark.Role.THIRD not in marks:
        return ModerationMark.Role.THIRD
    return None


@transaction.atomic
def moderation_mark_save(*, submission: Submission, by, mark: int, comment: str = "") -> Submission:
    """Record a second (or third) mark, blind to the first. Agreement sets the agreed mark beside both."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=submission.pk)
    role = next_role(locked)
    if role is None:
        raise ValidationError("This piece does not need another moderation mark.")
    component = locked.component
    pass_fail = component.kind == Component.Kind.CASE_STUDY  # the mark is 1 (pass) or 0 (fail)
    if pass_fail and mark not in (0, 1):
        raise ValidationError("Choose pass or fail.")
    check_mark(mark)
    others = {locked.marker_id, *locked.moderation.values_list("marker_id", flat=True)}
    if by.pk in others:
        raise ValidationError("A moderation mark must come from someone who has not marked this piece.")
    ModerationMark.objects.create(submission=locked, role=role, marker=by, mark=mark, comment=comment)
    shown = ("pass" if mark else "fail") if pass_fail else mark
    summary = f"{ModerationMark.Role(role).label}: {shown}"
    work_record(locked, by=by, action="mark.moderated", summary=summary, changes={f"{role} mark": (None, shown)})
    if pass_fail:
        return _pass_fail_agreed(locked, role=role, result=bool(mark), by=by)
    if role == ModerationMark.Role.SECOND and needs_third_marker(locked.raw_mark, mark, pass_mark=component.pass_mark):
        return locked  # wide apart: a third marker decides
    agreed = locked.raw_mark if role == ModerationMark.Role.SECOND else mark
    result = policies_applied(locked, agreed)
    old = locked.final_mark
    locked.agreed_mark, locked.final_mark, locked.mark_notes = agreed, result.final, result.notes
    locked.passed = passes(result.final, component.pass_mark)
    locked.save(update_fields=["agreed_mark", "final_mark", "mark_notes", "passed"])
    if old != locked.final_mark:
        MarkChange.objects.create(submission=locked, by=by, old_mark=old, new_mark=locked.final_mark)
        changes = {"mark": (old, locked.final_mark)}
        work_record(locked, by=by, action="mark.agreed", summary=f"Agreed mark: {agreed}", changes=changes)
    return locked


def _pass_fail_agreed(locked: Submission, *, role: str, result: bool, by) -> Submission:
    """A second marker who agrees settles it; one who disagrees sends it to a third, whose result stands."""
    if role == ModerationMark.Role.SECOND and result != locked.passed:
        return locked  # they disagree: a third marker decides
    old = locked.passed
    locked.agreed_mark, locked.passed = int(result), result
    locked.save(update_fields=["agreed_mark", "passed"])
    if old != result:
        MarkChange.objects.create(submission=locked, by=by, old_mark=None, new_mark=None)
        changes = {"result": ("pass" if old else "fail", "pass" if result else "fail")}
        work_record(locked, by=by, action="mark.agreed", summary=f"Agreed: {changes['result'][1]}", changes=changes)
    return locked


def moderation_outstanding(*, cohort, component) -> int:
    return (
        Submission.objects.filter(
            enrolment__cohort=cohort, component=component, in_sample=True, agreed_mark__isnull=True
        )
        .exclude(status=Submission.Status.RELEASED)
        .count()
    )
