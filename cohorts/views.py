from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from nasenco.access import require_perm
from nasenco.files.services import stored_file_request

from .selectors import cohort_list_for, get_cohort_for, timetable_of
from .tasks import render_cohort_timetable


@require_GET
@login_required
def cohort_list(request):
    require_perm(request.user, "cohorts.list_cohorts")
    page = Paginator(cohort_list_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cohorts/cohort_list.html", {"page": page})


@require_GET
@login_required
def cohort_detail(request, pk):
    cohort = get_cohort_for(request.user, pk)
    return render(
        request,
        "cohorts/cohort_detail.html",
        {"cohort": cohort, "days": timetable_of(cohort), "tutors": cohort.tutors.all()},
    )


@require_POST
@login_required
def cohort_timetable_pdf(request, pk):
    """Ask for the printable timetable; it renders in the background and the next page shows progress."""
    cohort = get_cohort_for(request.user, pk)
    with transaction.atomic():
        stored_file = stored_file_request(
            by=request.user,
            kind="cohort-timetable",
            name=f"Timetable — {cohort.name} {cohort.academic_year}.pdf",
        )
        transaction.on_commit(
            lambda: render_cohort_timetable.delay(stored_file_id=str(stored_file.pk), cohort_id=cohort.pk)
        )
    return redirect("files:status", pk=stored_file.pk)
