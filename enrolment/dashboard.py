"""The participant's dashboard panel."""

from django.utils import timezone

from cohorts.selectors import is_provider_admin, timetable_of
from nasenco.dashboard import panel

from .deadline import STATUS_LABELS, deadline_status, statutory_deadline
from .models import Declaration, Enrolment, ParticipantProfile
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
    return {
        "enrolment": enrolment,
        "applications": enrolments_of(request.user).exclude(pk=getattr(enrolment, "pk", None)),
        "next_day": next((d for d in days if d.date >= today), None),
        "days_total": len(days),
        "days_past": len(attended_or_past),
        "percent_through": round(100 * len(attended_or_past) / len(days)) if days else 0,
        **_deadline_context(request.user, enrolment, today),
    }


def _deadline_context(user, enrolment, today) -> dict:
    profile = ParticipantProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    qualification = enrolment.cohort.programme.qualification if enrolment else "NASENCO"
    deadline = statutory_deadline(
        appointed_on=profile.appointed_senco_on,
        months_previously_senco=profile.months_previously_senco,
        qualification=qualification,
    )
    status = deadline_status(deadline, today=today)
    return {
        "deadline": deadline,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "days_left": (deadline.date - today).days if deadline.required else None,
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
