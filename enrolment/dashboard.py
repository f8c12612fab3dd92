"""The participant's dashboard panel."""

from django.utils import timezone

from cohorts.selectors import timetable_of
from nasenco.dashboard import panel

from .selectors import current_enrolment, enrolments_of, is_participant


@panel(
    key="participant",
    title="Your programme",
    template="enrolment/panels/participant.html",
    applies=is_participant,
    order=5,
)
def participant_panel(request):
    enrolment = current_enrolment(request.user)
    today = timezone.localdate()
    days = list(timetable_of(enrolment.cohort)) if enrolment else []
    attended_or_past = [d for d in days if d.date < today]
    return {
        "enrolment": enrolment,
        "applications": enrolments_of(request.user).exclude(pk=getattr(enrolment, "pk", None)),
        "next_day": next((d for d in days if d.date >= today), None),
        "days_total": len(days),
        "days_past": len(attended_or_past),
        "percent_through": round(100 * len(attended_or_past) / len(days)) if days else 0,
    }
