"""How assessment writes to the one activity log: every entry about a piece of work names it the same way."""

from cohorts.services import activity_record

from ..models import Submission

WORK = ("component", "enrolment__cohort", "enrolment__participant")  # what a work entry reads


def work_record(submission: Submission, *, by, action: str, summary: str, changes: dict | None = None):
    """An entry about one piece of work (select_related ``WORK`` first)."""
    enrolment = submission.enrolment
    return activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=submission,
        label=f"{submission.component.title} (attempt {submission.attempt}) — {enrolment.participant.full_name}",
        about=enrolment.participant,
        changes=changes,
    )


def cohort_work_record(*, cohort, component, by, action: str, summary: str, changes: dict | None = None):
    """An entry about a cohort's work for one component (a release, a sample, a due date)."""
    return activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action=action,
        summary=summary,
        obj=component,
        label=f"{component.title} — {cohort.name}",
        changes=changes,
    )
