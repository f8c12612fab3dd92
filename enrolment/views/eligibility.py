"""The public "check your eligibility" page: no account needed. The answers are kept in the session, so
"Create an account and apply" carries them into the application."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.selectors import open_cohorts

from ..forms import EligibilityCheckForm, SpellFormSet
from ..services.statutory import course_of
from ..statute import answer

CARRIED = "eligibility_answers"  # the session key the application form reads


@require_http_methods(["GET", "POST"])
def eligibility_check(request):
    cohorts = open_cohorts()
    form = EligibilityCheckForm(request.POST or None, cohorts=cohorts)
    spells = SpellFormSet(request.POST or None, prefix="spells")
    context = {"form": form, "spells": spells}
    if request.method == "POST" and form.is_valid() and spells.is_valid():
        cohort = form.cleaned_data.get("cohort")
        course = course_of(
            cohort,
            first_day=getattr(cohort, "first_day", None),
            last_day=getattr(cohort, "last_day", None),
            today=timezone.localdate(),
        )
        request.session[CARRIED] = {
            "answers": form.answers(),
            "spells": [
                {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()} for row in spells.spells()
            ],
        }
        context.update({"answer": answer(form.facts(spells.facts()), course), "cohort": cohort})
    return render(request, "enrolment/eligibility.html", context)
