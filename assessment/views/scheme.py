import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.schedule import due_from_offset
from cohorts.selectors import first_session_of, get_cohort_for
from nasenco.dates import long_date

from .. import services
from ..forms import ComponentSettingsForm
from ..models import Component
from ..selectors import cohort_for, components_for_cohort, get_component_of, scheme_of


@require_GET
@login_required
def cohort_scheme(request, cohort_pk):
    """How a cohort is assessed: components, credits, word limits, weighted parts, rubric, outcomes, due dates."""
    cohort = get_cohort_for(request.user, cohort_pk)
    components = list(scheme_of(cohort.programme))
    due = {row["component"].pk: row["due_on"] for row in components_for_cohort(cohort) if row["due_on"]}
    first = first_session_of(cohort)
    rows = [
        {
            "component": c,
            "due_on": due.get(c.pk),
            "proposed": None if c.pk in due else due_from_offset(first, c.due_weeks),
        }
        for c in components
    ]
    return render(
        request,
        "assessment/scheme.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "rows": rows,
            "any_proposed": any(row["proposed"] for row in rows),
            "credits": sum(c.credits for c in components),
            "can_change": request.user.has_perm("assessment.change_scheme", cohort),
        },
    )


@require_POST
@login_required
def set_due_date(request, cohort_pk, component_pk):
    """A provider admin sets a component's due date for this cohort."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.change_scheme")
    component = get_component_of(cohort, component_pk)
    try:
        due_on = dt.date.fromisoformat(request.POST.get("due_on", ""))
        late_days = int(request.POST.get("late_days", "14"))
        if not 0 <= late_days <= 90:
            raise ValueError
    except ValueError:
        messages.error(request, f"{component.title}: enter a real date, and a late period of 0 to 90 days.")
    else:
        services.due_date_set(component=component, cohort=cohort, due_on=due_on, late_days=late_days, by=request.user)
        messages.success(request, f"{component.title} is due on {due_on.day} {due_on:%B %Y}.")
    return redirect("assessment:cohort-scheme", cohort_pk=cohort.pk)


@require_POST
@login_required
def use_proposed_due_dates(request, cohort_pk):
    """Set every due date not yet set for this cohort from its component's usual offset."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.change_scheme")
    set_already = {row["component"].pk for row in components_for_cohort(cohort) if row["due_on"]}
    first = first_session_of(cohort)
    done = []
    for component in scheme_of(cohort.programme):
        due_on = due_from_offset(first, component.due_weeks)
        if component.pk not in set_already and due_on:
            services.due_date_set(component=component, cohort=cohort, due_on=due_on, by=request.user)
            done.append(f"{component.title} on {long_date(due_on)}")
    if done:
        messages.success(request, "Due dates set: " + "; ".join(done) + ".")
    else:
        messages.info(request, "Every due date with a usual offset is already set.")
    return redirect("assessment:cohort-scheme", cohort_pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def component_settings(request, cohort_pk, component_pk):
    """A provider admin changes a component's pass mark, word rule, moderation share or anonymity.
    When work is already marked, the change is shown with what it affects and waits for confirmation."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.change_scheme")
    component = get_component_of(cohort, component_pk)
    form = ComponentSettingsForm(request.POST or None, instance=Component.objects.get(pk=component.pk))
    effects = []
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.component_settings_save(
                component=component, fields=form.cleaned_data, by=request.user, confirmed="confirm" in request.POST
            )
        except services.NeedsConfirmation as question:
            effects = question.effects
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{component.title}: saved." if changes else "Nothing changed.")
            return redirect("assessment:cohort-scheme", cohort_pk=cohort.pk)
    cohorts_sharing = component.programme.cohorts.count()
    return render(
        request,
        "assessment/component_settings.html",
        {"cohort": cohort, "component": component, "form": form, "effects": effects, "sharing": cohorts_sharing},
    )
