"""Dashboard panels for provider staff."""

from django.utils import timezone

from nasenco.dashboard import panel

from .models import Cohort
from .selectors import cohort_list_for, is_provider_admin, is_tutor, providers_of


@panel(
    key="provider-admin",
    title="Your providers",
    template="cohorts/panels/admin.html",
    applies=is_provider_admin,
    order=10,
)
def admin_panel(request):
    cohorts = cohort_list_for(request.user).filter(provider_id__in=providers_of(request.user).values("pk"))
    return {
        "providers": providers_of(request.user),
        "running": cohorts.filter(status=Cohort.Status.RUNNING).count(),
        "open": cohorts.filter(status=Cohort.Status.OPEN).count(),
        "draft": cohorts.filter(status=Cohort.Status.DRAFT).count(),
    }


@panel(
    key="tutor", title="Cohorts you teach", template="cohorts/panels/tutor.html", applies=is_tutor, order=20
)
def tutor_panel(request):
    today = timezone.localdate()
    cohorts = cohort_list_for(request.user).filter(tutors=request.user).order_by("first_day")[:10]
    return {"cohorts": cohorts, "today": today}
