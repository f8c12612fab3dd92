"""Due dates in calendar feeds (``cohorts.calendar.provide_dates``): a person's own, with an approved
extension's date instead; a cohort's, for its staff; and a marker's: when work is due in on the cohorts they
teach, and the day each batch allocated to them should be marked by."""

import datetime as dt

from django.db.models import Count

from cohorts.calendar import DateEvent
from enrolment.models import Enrolment
from nasenco.dates import long_date

from .models import DueDate, Extension, Submission
from .timing import MARK_WITHIN_DAYS


def personal_due_dates(user) -> list[DateEvent]:
    places = Enrolment.objects.filter(participant=user, status__in=Enrolment.ON_PROGRAMME)
    extended = {
        (e.enrolment_id, e.component_id): e.until
        for e in Extension.objects.filter(enrolment__in=places, status=Extension.Status.APPROVED).order_by("until")
    }
    place_of = dict(places.values_list("cohort_id", "pk"))
    events = []
    for due in DueDate.objects.filter(cohort_id__in=list(place_of)).select_related("component").order_by("due_on"):
        place_id = place_of[due.cohort_id]
        until = extended.get((place_id, due.component_id))
        summary = f"Due: {due.component.title}" + (" (your extension)" if until else "")
        original = f" Originally due {long_date(due.due_on)}." if until else ""
        events.append(
            DateEvent(
                uid=f"due-{due.pk}-enrolment-{place_id}@nasenco-portal",
                summary=summary,
                on=until or due.due_on,
                description=f"Hand in {due.component.title}.{original}",
            )
        )
    return events


def cohort_due_dates(cohort) -> list[DateEvent]:
    return [
        DateEvent(
            uid=f"due-{due.pk}@nasenco-portal", summary=f"{cohort.name}: {due.component.title} due", on=due.due_on
        )
        for due in DueDate.objects.filter(cohort=cohort).select_related("component").order_by("due_on")
    ]


def marking_dates(user) -> list[DateEvent]:
    """A tutor's or mentor's marking in their own feed: each due date on the cohorts they teach, and "Mark by"
    (MARK_WITHIN_DAYS after allocation) for each batch of work allocated to them and not yet marked."""
    events = [
        DateEvent(
            uid=f"due-{due.pk}-marker-{user.pk}@nasenco-portal",
            summary=f"{due.cohort.name}: {due.component.title} due in",
            on=due.due_on,
            description=f"Work for {due.component.title} is due from {due.cohort.name}; marking follows.",
        )
        for due in DueDate.objects.filter(cohort__tutors=user).select_related("cohort", "component").order_by("due_on")
    ]
    batches = (
        Submission.objects.filter(
            marker=user,
            allocated_on__isnull=False,
            status__in=(Submission.Status.NOT_MARKED, Submission.Status.IN_MARKING),
        )
        .values("enrolment__cohort_id", "enrolment__cohort__name", "component_id", "component__title", "allocated_on")
        .annotate(pieces=Count("pk"))
        .order_by("allocated_on", "enrolment__cohort_id", "component_id")
    )
    for batch in batches:
        pieces = batch["pieces"]
        events.append(
            DateEvent(
                uid=(
                    f"mark-by-{batch['enrolment__cohort_id']}-{batch['component_id']}-"
                    f"{batch['allocated_on'].isoformat()}-{user.pk}@nasenco-portal"
                ),
                summary=(
                    f"Mark by: {pieces} piece{'s' if pieces != 1 else ''} of {batch['component__title']} "
                    f"({batch['enrolment__cohort__name']})"
                ),
                on=batch["allocated_on"] + dt.timedelta(days=MARK_WITHIN_DAYS),
                description=f"Allocated to you on {long_date(batch['allocated_on'])}. Your marking: My work.",
            )
        )
    return events
