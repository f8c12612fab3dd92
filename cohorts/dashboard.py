"""Dashboard panels for provider staff."""

from django.db.models import Count, Q
from django.utils import timezone

from nasenco.dashboard import panel

from .models import Cohort, Provider
from .selectors import administered_provider_ids, cohort_list_for, is_provider_admin, is_tutor

STAT_LABELS = [
    (Cohort.Status.RUNNING, "running"),
    (Cohort.Status.OPEN, "open for applications"),
    (Cohort.Status.DRAFT, "in draft"),
    (Cohort.Status.CLOSED, "closed"),
]


@panel(
    key="provider-admin",
    title="Your providers",
    template="cohorts/panels/admin.html",
    applies=is_provider_admin,
    order=10,
)
def admin_panel(request):
    administered = administered_provider_ids(request.user)
    counts = Cohort.objects.filter(provider_id__in=administered).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Cohort.Status.values}
    )
    return {
        "providers": Provider.objects.filter(pk__in=administered),
        "stats": [(counts[status], label) for status, label in STAT_LABELS],
    }


@panel(key="tutor", title="Cohorts you teach", template="cohorts/panels/tutor.html", applies=is_tutor, order=20)
def tutor_panel(request):
    today = timezone.localdate()
    cohorts = cohort_list_for(request.user).filter(tutors=request.user).order_by("first_day")[:10]
    return {"cohorts": cohorts, "today": today}
