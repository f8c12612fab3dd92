"""Due dates in calendar feeds (``cohorts.calendar.provide_dates``): a person's own, with an approved
extension's date instead; and a cohort's, for its staff."""

from cohorts.calendar import DateEvent
from enrolment.models import Enrolment
from nasenco.dates import long_date

from .models import DueDate, Extension


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
