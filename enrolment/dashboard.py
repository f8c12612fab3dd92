"""The participant's dashboard panel."""

from django.utils import timezone

from cohorts.selectors import is_provider_admin, timetable_of
from nasenco.dashboard import panel

from .models import Declaration, Enrolment
from .selectors import at_risk, current_enrolment, enrolments_administered_by, enrolments_of, is_participant


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
    applications = list(enrolments_of(request.user).exclude(pk=getattr(enrolment, "pk", None)).order_by("-created"))
    # The deadline shown is the one stored on the place they study on, else on their newest application:
    # the same answer the application page shows.
    shown = enrolment or next(iter(applications), None)
    return {
        "enrolment": enrolment,
        "applications": applications,
        "answer": shown.statutory if shown else None,
        "next_day": next((d for d in days if d.date >= today), None),
        "days_total": len(days),
        "days_past": len(attended_or_past),
        "percent_through": round(100 * len(attended_or_past) / len(days)) if days else 0,
    }


@panel(
    key="applications",
    title="Applications",
    template="enrolment/panels/admin.html",
    applies=is_provider_admin,
    order=12,
)
def admin_panel(request):
    mine = enrolments_administered_by(request.user)
    return {
        "to_verify": mine.filter(declaration__status=Declaration.Status.UPLOADED).count(),
        "ready": mine.filter(
            status=Enrolment.Status.AWAITING_DECLARATION, declaration__status=Declaration.Status.VERIFIED
        ).count(),
        "at_risk": at_risk(mine, today=timezone.localdate(), red_only=True).count(),
    }
