"""The public "check your eligibility" page: no account needed."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.selectors import open_cohorts

from ..deadline import STATUS_LABELS, deadline_status, statutory_deadline
from ..eligibility import decide
from ..forms import EligibilityCheckForm


@require_http_methods(["GET", "POST"])
def eligibility_check(request):
    form = EligibilityCheckForm(request.POST or None, cohorts=open_cohorts())
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        cohort = form.cleaned_data.get("cohort")
        qualification = cohort.programme.qualification if cohort else "NASENCO"
        starts = (cohort.first_day if cohort else None) or today
        decision = decide(form.facts(qualification=qualification, course_starts=starts))
        deadline = statutory_deadline(
            appointed_on=form.cleaned_data.get("appointed_on"),
            months_previously_senco=form.cleaned_data["months_previously_senco"],
            qualification=qualification,
        )
        status = deadline_status(deadline, today=today)
        context.update(
            {
                "decision": decision,
                "deadline": deadline,
                "days_left": (deadline.date - today).days if deadline.required else None,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "cohort": cohort,
            }
        )
    return render(request, "enrolment/eligibility.html", context)
