from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohorts.selectors import timetable_of

from .selectors import current_enrolment


@require_GET
@login_required
def my_programme(request):
    """The participant's cohort: the next session, the whole timetable and where or how to join."""
    enrolment = current_enrolment(request.user)
    days = list(timetable_of(enrolment.cohort)) if enrolment else []
    return render(request, "enrolment/my_programme.html", {"enrolment": enrolment, "days": days})
