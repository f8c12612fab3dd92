"""Curriculum pages: frameworks and their versions, a programme's plan (framework, thresholds, what each
session and self-study unit teaches), a cohort's coverage report and engagement, a learning platform's
import, and the participant's own self-study. Thin: the services decide; every page is behind its wall."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Provider
from cohorts.selectors import (
    administered_provider_ids,
    get_cohort_for,
    get_programme_for,
    get_provider_administered_by,
    programmes_administered_by,
)
from enrolment.selectors import current_enrolment
from nasenco.access import object_or_404, require_perm

from . import selectors, services
from .forms import AreaForm, MappingForm, PlanForm, StatementForm, UnitForm, UploadForm
from .models import CompletionImport, ContentArea, Statement


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@login_required
def home(request):
    require_perm(request.user, "curriculum.set_up")
    frameworks = selectors.frameworks_administered_by(request.user).order_by("provider__name", "title", "-version")
    programmes = programmes_administered_by(request.user).select_related("curriculum_plan__framework")
    providers = Provider.objects.filter(pk__in=administered_provider_ids(request.user))
    return render(
        request,
        "curriculum/home.html",
        {"frameworks": frameworks, "programmes": programmes, "providers": providers},
    )


@require_POST
@login_required
def load(request, provider_pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    try:
        framework = services.framework_load(provider=provider, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("curriculum:home")
    messages.success(request, f"Loaded {framework}: {framework.areas.count()} areas.")
    return redirect("curriculum:framework", pk=framework.pk)


@require_GET
@login_required
def framework(request, pk):
    framework = selectors.get_framework_for(request.user, pk)
    return render(
        request,
        "curriculum/framework.html",
        {
            "framework": framework,
            "areas": selectors.areas_of(framework),
            "in_use": selectors.framework_in_use(framework),
            "plans": framework.plans.select_related("programme"),
            "area_form": AreaForm(),
        },
    )


@require_POST
@login_required
def area_add(request, pk):
    framework = selectors.get_framework_for(request.user, pk, write=True)
    form = AreaForm(request.POST)
    if form.is_valid():
        try:
            area = services.area_add(framework=framework, title=form.cleaned_data["title"], by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"Added {area}: add its statements below.")
    else:
        messages.error(request, "Name the area to add it.")
    return redirect("curriculum:framework", pk=framework.pk)


@require_POST
@login_required
def new_version(request, pk):
    framework = selectors.get_framework_for(request.user, pk, write=True)
    copy = services.framework_new_version(framework=framework, by=request.user)
    messages.success(request, f"Made {copy}. Change its statements, then choose it for a programme.")
    return redirect("curriculum:framework", pk=copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def statement(request, pk, area_pk, kind, statement_pk=None):
    framework = selectors.get_framework_for(request.user, pk, write=True)
    area = object_or_404(ContentArea.objects.filter(framework=framework), pk=area_pk)
    if kind not in Statement.Kind.values:
        raise Http404
    current = object_or_404(area.statements.filter(kind=kind), pk=statement_pk) if statement_pk else None
    form = StatementForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_save(
                framework=framework,
                area=area,
                kind=kind,
                text=form.cleaned_data["text"],
                by=request.user,
                statement=current,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "Statement saved.")
        return redirect("curriculum:framework", pk=framework.pk)
    return render(
        request,
        "curriculum/statement.html",
        {"framework": framework, "area": area, "kind": Statement.Kind(kind), "statement": current, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan(request, programme_pk):
    programme = get_programme_for(request.user, programme_pk)
    current = selectors.plan_of(programme)
    form = PlanForm(request.POST or None, instance=current, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(
                programme=programme,
                framework=form.cleaned_data["framework"],
                self_study_minimum_percent=form.cleaned_data["self_study_minimum_percent"],
                gates_assessment=form.cleaned_data["gates_assessment"],
                by=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "Plan saved.")
        return redirect("curriculum:plan", programme_pk=programme.pk)
    sessions = []
    if current is not None:
        mapped = selectors.sessions_of(current)
        first = 0 if programme.has_orientation else 1
        sessions = [
            {"number": n, "label": "Orientation" if n == 0 else f"Day {n}", "count": len(mapped.get(n, ()))}
            for n in range(first, programme.teaching_days + 1)
        ]
    return render(
        request,
        "curriculum/plan.html",
        {
            "programme": programme,
            "plan": current,
            "form": form,
            "sessions": sessions,
            "units": selectors.units_of(current),
            "has_frameworks": form.fields["framework"].queryset.exists(),
        },
    )


def _plan_or_404(request, programme_pk):
    programme = get_programme_for(request.user, programme_pk)
    current = selectors.plan_of(programme)
    if current is None:
        raise Http404
    return programme, current


@require_http_methods(["GET", "POST"])
@login_required
def session(request, programme_pk, number):
    programme, current = _plan_or_404(request, programme_pk)
    if not (0 if programme.has_orientation else 1) <= number <= programme.teaching_days:
        raise Http404
    mapped = selectors.sessions_of(current).get(number, set())
    form = MappingForm(request.POST or None, framework=current.framework, initial={"statements": list(mapped)})
    if request.method == "POST" and form.is_valid():
        services.session_save(plan=current, number=number, statements=form.cleaned_data["statements"], by=request.user)
        messages.success(request, "Saved what the session teaches.")
        return redirect("curriculum:plan", programme_pk=programme.pk)
    label = "Orientation" if number == 0 else f"Day {number}"
    return render(
        request, "curriculum/mapping.html", {"programme": programme, "plan": current, "form": form, "what": label}
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit(request, programme_pk, unit_pk=None):
    programme, current = _plan_or_404(request, programme_pk)
    existing = object_or_404(current.units.all(), pk=unit_pk) if unit_pk else None
    form = UnitForm(request.POST or None, instance=existing, framework=current.framework)
    if request.method == "POST" and form.is_valid():
        services.unit_save(
            plan=current,
            unit=existing,
            title=form.cleaned_data["title"],
            minutes=form.cleaned_data["minutes"],
            link=form.cleaned_data["link"],
            statements=form.cleaned_data["statements"],
            by=request.user,
        )
        messages.success(request, "Self-study unit saved.")
        return redirect("curriculum:plan", programme_pk=programme.pk)
    what = str(existing) if existing else "A new self-study unit"
    return render(
        request, "curriculum/mapping.html", {"programme": programme, "plan": current, "form": form, "what": what}
    )


@require_GET
@login_required
def coverage(request, cohort_pk):
    cohort = selectors.get_cohort_for_coverage(request.user, cohort_pk)
    return render(request, "curriculum/coverage.html", {"cohort": cohort, "report": selectors.coverage_of(cohort)})


@require_http_methods(["GET", "POST"])
@login_required
def engagement(request, cohort_pk):
    cohort = get_cohort_for(request.user, cohort_pk)
    require_perm(request.user, "curriculum.view_engagement", cohort)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_perm(request.user, "curriculum.record_completion", cohort)
        if form.is_valid():
            try:
                batch = services.completion_import_preview(
                    cohort=cohort, upload=form.cleaned_data["file"], by=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("curriculum:import", cohort_pk=cohort.pk, pk=batch.pk)
    plan = selectors.plan_of(cohort.programme)
    rows = selectors.engagement_of(cohort, plan=plan)
    return render(
        request,
        "curriculum/engagement.html",
        {
            "cohort": cohort,
            "plan": plan,
            "rows": rows,
            "below": sum(1 for row in rows if not row["engagement"].met),
            "form": form,
        },
    )


VERDICTS = {
    "add": "Recorded as done",
    "same": "Already done: nothing changes",
    "duplicate": "Skipped: repeated",
    "unknown": "Skipped: not on this cohort",
    "invalid": "Refused",
}


@require_http_methods(["GET", "POST"])
@login_required
def completion_import(request, cohort_pk, pk):
    cohort = get_cohort_for(request.user, cohort_pk)
    require_perm(request.user, "curriculum.record_completion", cohort)
    batch = object_or_404(CompletionImport.objects.filter(cohort=cohort), pk=pk)
    if request.method == "POST":
        try:
            applied = services.completion_import_apply(batch=batch, by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"Recorded {applied} completed unit{'s' if applied != 1 else ''}.")
            return redirect("curriculum:engagement", cohort_pk=cohort.pk)
    counts = [(label, batch.count(verdict), verdict) for verdict, label in VERDICTS.items() if batch.count(verdict)]
    return render(
        request,
        "curriculum/import.html",
        {"cohort": cohort, "batch": batch, "counts": counts, "to_apply": batch.count("add"), "verdicts": VERDICTS},
    )


def _own_place(request):
    place = current_enrolment(request.user)
    if place is None:
        raise Http404
    return place


@require_GET
@login_required
def mine(request):
    place = _own_place(request)
    plan, units = selectors.units_for(place)
    return render(
        request,
        "curriculum/mine.html",
        {"place": place, "plan": plan, "units": units, "engagement": selectors.engagement_for(place)},
    )


@require_POST
@login_required
def mark(request, unit_pk):
    place = _own_place(request)
    unit = selectors.get_unit_for_participant(place, unit_pk)
    done = request.POST.get("done") == "1"
    try:
        services.completion_mark(unit=unit, participant=request.user, done=done, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"{unit} marked {'done' if done else 'not done'}.")
    return redirect("curriculum:mine")
