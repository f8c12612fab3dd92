"""The public "check your eligibility" page: no account needed. The answers are kept in the session, so
"Create an account and apply" carries them into the application."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cohorts.selectors import open_cohorts, providers_taking_applications

from ..forms import EligibilityCheckForm, SpellFormSet
from ..services.statutory import course_of
from ..statute import answer

CARRIED = "eligibility_answers"  # the session key the application form reads


@require_http_methods(["GET", "POST"])
def eligibility_check(request):
    providers = list(providers_taking_applications())
    provider = _provider_chosen(request, providers)
    cohorts = open_cohorts().filter(provider=provider) if provider else Cohort.objects.none()
    form = EligibilityCheckForm(request.POST or None, cohorts=cohorts)
    spells = SpellFormSet(request.POST or None, prefix="spells")
    context = {"form": form, "spells": spells, "providers": providers, "provider": provider}
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


def _provider_chosen(request, providers):
    """The provider whose open courses the checker lists: chosen at the top of the page, or the provider of the
    course an answer was asked about."""
    wanted = request.GET.get("provider") or request.POST.get("provider") or ""
    if not wanted.isdigit() and (request.POST.get("cohort") or "").isdigit():
        wanted = str(Cohort.objects.filter(pk=request.POST["cohort"]).values_list("provider_id", flat=True).first())
    return next((p for p in providers if str(p.pk) == wanted), None)
