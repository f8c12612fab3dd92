"""Registers for tutors, and catch-up bookings for admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nasenco.access import object_or_404, require_perm

from .. import roster, services
from ..forms import CatchUpForm, RegisterForm
from ..models import CatchUp
from ..selectors import catch_up_options, get_cohort_for, get_day_for, register_for
from ..services.attendance import CatchUpRefused


@require_http_methods(["GET", "POST"])
@login_required
def register(request, pk, day_pk):
    day = get_day_for(request.user, pk, day_pk)
    require_perm(request.user, "cohorts.take_register", day.cohort)
    form = RegisterForm(request.POST or None, rows=register_for(day))
    if request.method == "POST" and form.is_valid():
        everyone = request.POST.get("everyone") == "present"
        marks = form.marks(everyone_present=everyone)
        saved = services.attendance_record(day=day, marks=marks, notes=form.notes(), by=request.user)
        if everyone:
            messages.success(
                request, f"Everyone not yet marked is present ({saved} marked): change anyone who was not."
            )
        else:
            messages.success(request, f"Register for {day.label} saved ({saved} marked).")
        return redirect("cohorts:register", pk=day.cohort_id, day_pk=day.pk)
    context = {"day": day, "cohort": day.cohort, "form": form}
    return render(request, "cohorts/register.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def catch_up(request, pk):
    cohort = get_cohort_for(request.user, pk, write=True)
    form = CatchUpForm(
        request.POST or None,
        participants=roster.participants_of(cohort.pk).order_by("full_name"),
        days=catch_up_options(cohort),
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.catch_up_book(
                participant=form.cleaned_data["participant"],
                home_cohort=cohort,
                day=form.cleaned_data["day"],
                by=request.user,
            )
        except CatchUpRefused as refused:
            form.add_error("day", str(refused))
        else:
            messages.success(
                request,
                f"{booking.participant} is booked onto {booking.day.label} with "
                f"{booking.day.cohort.name}. They appear on that register.",
            )
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
    bookings = CatchUp.objects.filter(home_cohort=cohort).select_related("participant", "day__cohort")
    return render(request, "cohorts/catch_up.html", {"cohort": cohort, "form": form, "bookings": bookings})


@require_POST
@login_required
def catch_up_cancel(request, pk, booking_pk):
    cohort = get_cohort_for(request.user, pk, write=True)
    booking = object_or_404(
        CatchUp.objects.filter(home_cohort=cohort).select_related("participant", "day"), pk=booking_pk
    )
    services.catch_up_cancel(booking=booking, by=request.user)
    messages.success(request, f"The catch-up booking for {booking.participant} is cancelled.")
    return redirect("cohorts:catch-up", pk=cohort.pk)
