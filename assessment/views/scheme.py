from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohorts.selectors import get_cohort_for

from ..selectors import components_for_cohort, scheme_of


@require_GET
@login_required
def cohort_scheme(request, cohort_pk):
    """How a cohort is assessed: components, credits, word limits, weighted parts, rubric, outcomes, due dates."""
    cohort = get_cohort_for(request.user, cohort_pk)
    components = list(scheme_of(cohort.programme))
    due = {row["component"].pk: row["due_on"] for row in components_for_cohort(cohort)}
    return render(
        request,
        "assessment/scheme.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "rows": [{"component": c, "due_on": due.get(c.pk)} for c in components],
            "credits": sum(c.credits for c in components),
        },
    )
