"""The statutory deadline in a person's calendar feed (``cohorts.calendar.provide_dates``)."""

from cohorts.calendar import DateEvent

from .models import Enrolment


def statutory_dates(user) -> list[DateEvent]:
    """One event per place whose holder must gain the qualification by a date (SEND Regulations 2014,
    reg. 49(4)); the same date for several places is one event."""
    seen, events = set(), []
    for enrolment in (
        Enrolment.objects.filter(
            participant=user, deadline_required=True, statutory_deadline__isnull=False, completed_on__isnull=True
        )
        .exclude(status__in=(Enrolment.Status.WITHDRAWN, Enrolment.Status.INELIGIBLE))
        .order_by("statutory_deadline")
    ):
        if enrolment.statutory_deadline in seen:
            continue
        seen.add(enrolment.statutory_deadline)
        events.append(
            DateEvent(
                uid=f"statutory-deadline-{user.pk}-{enrolment.statutory_deadline:%Y%m%d}@nasenco-portal",
                summary="Statutory deadline: hold the SENCO qualification",
                on=enrolment.statutory_deadline,
                description="The SEND Regulations 2014, reg. 49(4): the qualification must be held by this date.",
            )
        )
    return events
