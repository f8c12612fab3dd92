"""A place's history and the provider's activity log, written together so the two never disagree."""

from cohorts.services import activity_record

from ..models import Enrolment, EnrolmentEvent


def event_record(enrolment: Enrolment, *, by, reason: str, from_status: str, to_status: str, action: str):
    """Record on the place (shown to the applicant and admins) and in the activity log (who did what).

    A step that leaves the place where it is (a declaration verified) passes the same status twice.
    """
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status=from_status, to_status=to_status, by=by, reason=reason
    )
    labels = dict(Enrolment.Status.choices)
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action=action or "enrolment.moved",
        summary=reason,
        obj=enrolment,
        label=f"{enrolment.participant.full_name} — {enrolment.cohort.name}",
        about=enrolment.participant,
        changes={"status": (labels.get(from_status), labels.get(to_status))},
    )
    return event
