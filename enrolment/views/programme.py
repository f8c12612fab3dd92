from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cohorts.models import CatchUp
from cohorts.selectors import timetable_of

from ..selectors import current_enrolment


@require_GET
@login_required
def my_programme(request):
    """The participant's cohort: the next session, the whole timetable and where or how to join."""
    enrolment = current_enrolment(request.user)
    days = list(timetable_of(enrolment.cohort)) if enrolment else []
    today = timezone.localdate()
    catch_ups = CatchUp.objects.filter(participant=request.user).select_related("day__cohort", "day__venue")
    return render(
        request,
        "enrolment/my_programme.html",
        {
            "enrolment": enrolment,
            "days": days,
            "next_day": next((d for d in days if d.date >= today), None),
            "catch_ups": catch_ups,
        },
    )
