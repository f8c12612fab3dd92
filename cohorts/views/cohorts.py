"""Staff pages for cohorts: list, detail, create and edit with the timetable, duplicate, printable PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nasenco.access import require_perm
from nasenco.confirm import confirm_page
from nasenco.dates import long_date
from nasenco.files.services import stored_file_request

from .. import services
from ..actions import actions_for
from ..forms import CohortForm, InlineVenueForm, ProposeDatesForm, day_formset
from ..models import Cohort
from ..schedule import Pattern, holiday_check, propose_dates
from ..selectors import (
    attendance_summary,
    cohort_list_for,
    cohorts_visible_to,
    get_cohort_for,
    get_programme_for,
    programmes_administered_by,
    provider_choice,
    timetable_of,
    usual_mode,
)
from ..tasks import render_cohort_timetable

COHORT_FIELDS = ["name", "academic_year", "delivery", "capacity", "notes"]


@require_GET
@login_required
def cohort_list(request):
    require_perm(request.user, "cohorts.list_cohorts")
    cohorts = cohort_list_for(request.user)
    filters = {
        "q": request.GET.get("q", "").strip(),
        "status": request.GET.get("status", ""),
        "year": request.GET.get("year", ""),
        "delivery": request.GET.get("delivery", ""),
        "provider": request.GET.get("provider", ""),
    }
    # A lead provider's admins run its delivery partners' cohorts too: the partner is a filter.
    providers, shown = provider_choice(request.user, filters["provider"])
    if providers and len(shown) == 1:
        cohorts = cohorts.filter(provider_id__in=shown)
    if filters["q"]:
        cohorts = cohorts.filter(name__icontains=filters["q"])
    if filters["status"] in Cohort.Status.values:
        cohorts = cohorts.filter(status=filters["status"])
    if filters["delivery"] in Cohort.Delivery.values:
        cohorts = cohorts.filter(delivery=filters["delivery"])
    if filters["year"]:
        cohorts = cohorts.filter(academic_year=filters["year"])
    page = Paginator(cohorts, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cohorts/cohort_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": Cohort.Status.choices,
            "deliveries": Cohort.Delivery.choices,
            "providers": providers,
            "years": cohorts_visible_to(request.user)
            .order_by("-academic_year")
            .values_list("academic_year", flat=True)
            .distinct(),
            "can_create": request.user.has_perm("cohorts.create_cohort"),
            "filtered": any(filters.values()),
        },
    )


@require_GET
@login_required
def cohort_detail(request, pk):
    cohort = get_cohort_for(request.user, pk)
    can_change = request.user.has_perm("cohorts.change_cohort", cohort)
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "days": timetable_of(cohort),
            "tutors": cohort.tutors.all(),
            "attendance": attendance_summary(cohort),
            "minimum": cohort.programme.minimum_attendance_percent,
            "changes": cohort.timetable_changes.select_related("changed_by")[:5],
            "can_change": can_change,
            "actions": actions_for(cohort, request.user),
            "steps": [
                {"status": target, "label": label}
                for (source, target), label in services.STATUS_STEPS.items()
                if source == cohort.status and can_change
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_create(request):
    require_perm(request.user, "cohorts.create_cohort")
    programmes = programmes_administered_by(request.user)
    chosen = request.GET.get("programme") or request.POST.get("programme")
    if not chosen and programmes.count() == 1:
        chosen = programmes.get().pk
    if not chosen:
        return render(request, "cohorts/choose_programme.html", {"programmes": programmes})
    programme = get_programme_for(request.user, chosen)
    cohort = Cohort(provider=programme.provider, programme=programme)
    initial = [
        {"number": n, "start_time": programme.default_start_time, "end_time": programme.default_end_time}
        for n in range(0 if programme.has_orientation else 1, programme.teaching_days + 1)
    ]
    return _edit(request, cohort=cohort, initial_days=initial, mode=usual_mode(programme))


@require_http_methods(["GET", "POST"])
@login_required
def cohort_edit(request, pk):
    cohort = get_cohort_for(request.user, pk, write=True)
    return _edit(request, cohort=cohort, mode=usual_mode(cohort.programme))


def _edit(request, *, cohort: Cohort, mode: str, initial_days=()):
    provider_id = cohort.provider_id
    data = request.POST if request.method == "POST" else None
    # A venue typed in the editor is added when its button is pressed, or when the cohort is saved with it typed
    # but not added (it is not dropped: the form comes back with it added, to save again).
    adding = data is not None and ("add_venue" in data or data.get("new_venue-name", "").strip())
    venue_form = InlineVenueForm(data if adding else None, prefix="new_venue")
    if venue_form.is_bound:
        data = _add_venue(request, cohort, venue_form, data)
    form = CohortForm(data, instance=cohort, provider_id=provider_id)
    formset = day_formset(extra=len(initial_days) or 1)(
        data, instance=cohort, prefix="days", provider_id=provider_id, mode=mode, initial=list(initial_days) or None
    )
    context = {
        "form": form,
        "formset": formset,
        "cohort": cohort,
        "timetable_errors": [],
        "warnings": [],
        "venue_form": venue_form,
    }
    if venue_form.is_bound:  # a venue was added (or refused): back to the form as typed, nothing saved
        return render(request, "cohorts/cohort_form.html", context)
    if data is None:
        context["propose"], context["proposed"] = _propose(request, formset)
        return render(request, "cohorts/cohort_form.html", context)
    form_ok, formset_ok = form.is_valid(), formset.is_valid()
    if not formset.management_form.is_valid():
        return render(request, "cohorts/cohort_form.html", context)
    # The timetable rules run even when a field is wrong, so every problem shows in one pass.
    pairs = formset.rows()
    rows = [row for _, row in pairs]
    tutors = list(form.cleaned_data.get("tutors") or [])
    verdict = services.timetable_check(rows=rows, tutor_ids=[t.pk for t in tutors], cohort_id=cohort.pk)
    _attach(verdict.errors, pairs, context["timetable_errors"])
    context["warnings"] = [p.message for p in verdict.warnings]
    confirmed = form_ok and form.cleaned_data["confirm_warnings"]
    if form_ok and formset_ok and verdict.ok and (not verdict.warnings or confirmed):
        saved = _save(request, cohort, form, tutors, pairs, context)
        if saved is not None:
            return saved
    return render(request, "cohorts/cohort_form.html", context)


def _add_venue(request, cohort: Cohort, venue_form, data):
    """Add the venue typed in the timetable editor, and choose it for the venue days that have none; what
    else was typed comes back as it was (the cohort is saved only by its own button)."""
    if not venue_form.is_valid():
        return data
    try:
        venue = services.venue_create(provider=cohort.provider, by=request.user, **venue_form.cleaned_data)
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            venue_form.add_error(field if field in venue_form.fields else None, field_messages)
        return data
    data = data.copy()
    chosen = 0
    for i in range(int(data.get("days-TOTAL_FORMS") or 0)):
        if data.get(f"days-{i}-mode") == "venue" and not data.get(f"days-{i}-venue"):
            data[f"days-{i}-venue"] = str(venue.pk)
            chosen += 1
    for field in venue_form.fields:
        data[venue_form.add_prefix(field)] = ""
    messages.success(
        request,
        f"{venue.name} is added to your venues"
        + (f" and chosen for {chosen} venue day{'s' if chosen != 1 else ''} that had none." if chosen else ".")
        + " The cohort is not saved yet.",
    )
    return data


def _propose(request, formset):
    """Dates from a pattern put into the (unsaved) timetable form, with what moved and why."""
    form = ProposeDatesForm(request.GET if "first" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return form, []
    pattern = Pattern(**form.cleaned_data)
    rows = sorted((f for f in formset.forms if f.initial.get("number") is not None), key=lambda f: f.initial["number"])
    proposed = propose_dates(pattern, len(rows), blocked=holiday_check(pattern))
    notes = []
    for row, (day, moved) in zip(rows, proposed, strict=True):
        row.initial["date"] = day
        number = row.initial.get("number")
        if moved:
            notes.append(f"{'Orientation' if number == 0 else f'Day {number}'}: {long_date(day)}, {moved}.")
    return form, [f"{len(rows)} dates proposed: check them, then save the cohort.", *notes]


def _save(request, cohort: Cohort, form, tutors, pairs, context):
    """Save the cohort and its days; on a conflict or a late refusal, fill ``context`` and return None."""
    try:
        change = services.cohort_save(
            cohort=cohort,
            fields={f: form.cleaned_data[f] for f in COHORT_FIELDS},
            tutors=tutors,
            rows=[row for _, row in pairs],
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
            notify=form.cleaned_data["notify"],
        )
    except services.TimetableConflict:
        latest = get_cohort_for(request.user, cohort.pk)
        context["conflict"] = {"cohort": latest, "days": timetable_of(latest)}
        form.data = form.data.copy()
        form.data["version"] = latest.version  # saving again now knowingly replaces their version
        return None
    except services.TimetableInvalid as invalid:  # someone changed a tutor's bookings meanwhile
        _attach(invalid.verdict.errors, pairs, context["timetable_errors"])
        return None
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return None
    if change is not None:
        messages.success(request, f"Saved. The change is being emailed to {cohort.name}'s participants.")
    else:
        messages.success(request, f"{cohort.name} is saved.")
    return redirect("cohorts:cohort-detail", pk=cohort.pk)


def _attach(problems, pairs, general: list) -> None:
    """Put each timetable problem next to the field it is about."""
    for problem in problems:
        if problem.row is None:
            general.append(problem.message)
            continue
        day_form = pairs[problem.row][0]
        field = problem.field if problem.field in day_form.fields else None
        if field and field in day_form.errors:
            continue  # the field's own message ("Enter a real date") already says it
        day_form.add_error(field, problem.message)


@require_POST
@login_required
def cohort_duplicate(request, pk):
    cohort = get_cohort_for(request.user, pk, write=True)
    try:
        copy = services.cohort_duplicate(cohort=cohort, by=request.user)
    except services.DuplicateExists as exists:
        messages.error(request, f"{exists} Rename or open that one instead.")
        return redirect("cohorts:cohort-detail", pk=cohort.pk)
    messages.success(
        request,
        f"Copied into {copy.academic_year} as a draft, dates moved on 52 weeks. "
        "Check each date before opening it for applications.",
    )
    return redirect("cohorts:cohort-edit", pk=copy.pk)


@require_POST
@login_required
def cohort_timetable_pdf(request, pk):
    """Ask for the printable timetable; it renders in the background and the next page shows progress."""
    cohort = get_cohort_for(request.user, pk)
    stored_file = stored_file_request(
        by=request.user,
        kind="cohort-timetable",
        name=f"Timetable — {cohort.name} {cohort.academic_year}.pdf",
        task=render_cohort_timetable.name,
        task_kwargs={"cohort_id": cohort.pk},
    )
    return redirect("files:status", pk=stored_file.pk)


STEP_EFFECTS = {
    Cohort.Status.OPEN: "It appears on the public course list and in the eligibility check, and anyone eligible "
    "can apply for one of its {capacity} places.",
    Cohort.Status.DRAFT: "It leaves the public course list; applications already started wait until it opens again.",
    Cohort.Status.RUNNING: "Applications close; people holding places carry on, and applications not yet accepted "
    "can no longer be submitted.",
    Cohort.Status.CLOSED: "The cohort is finished: it stays on record, with its registers, work and awards.",
}


@require_POST
@login_required
def cohort_status(request, pk):
    """One explicit step in a cohort's life, after a confirmation page naming who it affects."""
    cohort = get_cohort_for(request.user, pk, write=True)
    status = request.POST.get("status", "")
    back = reverse("cohorts:cohort-detail", args=[cohort.pk])
    problems = services.cohort_status_problems(cohort, status)
    if problems:
        messages.error(request, " ".join(problems))
        return redirect(back)
    step = services.STATUS_STEPS[(cohort.status, status)]
    if request.POST.get("confirmed") != "1":
        people = [
            f"{e.participant.full_name}: {e.get_status_display().lower()}"
            for e in cohort.enrolments.select_related("participant").order_by("participant__full_name")
        ]
        public = ["Anyone looking for a course (the public course list)"] if "public" in STEP_EFFECTS[status] else []
        return confirm_page(
            request,
            title=f"{step}: {cohort.name}?",
            lead=STEP_EFFECTS[status].format(capacity=cohort.capacity),
            affected=public + people or [f"{cohort.name}'s tutors and administrators"],
            button=step,
            back=back,
        )
    try:
        services.cohort_status_set(cohort=cohort, status=status, by=request.user)
    except services.StatusRefused as refused:  # someone moved it meanwhile
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{cohort.name} is now {cohort.get_status_display().lower()}.")
    return redirect(back)
