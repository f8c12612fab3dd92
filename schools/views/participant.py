"""The participant's side: their booklet (recording each item) and naming their school-based mentor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enrolment.selectors import current_enrolment
from nasenco.access import object_or_404, require_perm
from nasenco.confirm import confirm_page
from portfolio.models import Evidence

from .. import services
from ..forms import EntryForm, MentorForm
from ..models import BookletEntry, BookletItem, Mentorship
from ..selectors import booklet_of, current_mentorship, get_booklet_enrolment_for
from .common import form_errors


@require_GET
@login_required
def my_booklet(request):
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return render(request, "schools/my_booklet.html", {"enrolment": None})
    return render(
        request,
        "schools/my_booklet.html",
        {"enrolment": enrolment, "booklet": booklet_of(enrolment), "mentorship": current_mentorship(enrolment)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def entry(request, item_pk):
    """Record (or add to) one item of your booklet."""
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return redirect("schools:my-booklet")
    require_perm(request.user, "schools.record_booklet", enrolment)
    item = object_or_404(BookletItem.objects.filter(section__programme_id=enrolment.cohort.programme_id), pk=item_pk)
    existing = BookletEntry.objects.filter(enrolment=enrolment, item=item).first()
    evidence = Evidence.objects.filter(portfolio__enrolment=enrolment).order_by("-activity_date", "pk")
    initial = {"text": existing.text, "evidence": list(existing.evidence.all())} if existing else None
    form = EntryForm(request.POST or None, initial=initial, portfolio_evidence=evidence)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_record(
                enrolment=enrolment,
                item=item,
                text=form.cleaned_data["text"],
                evidence_ids=[e.pk for e in form.cleaned_data["evidence"]],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” recorded: it now waits for confirmation.")
            return redirect("schools:my-booklet")
    status = 400 if form.errors else 200
    context = {"item": item, "entry": existing, "form": form, "enrolment": enrolment}
    return render(request, "schools/entry_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def my_mentor(request):
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return redirect("schools:my-booklet")
    return mentor_page(request, enrolment, back="schools:my-mentor")


def mentor_page(request, enrolment, *, back: str, template: str = "schools/my_mentor.html", **extra):
    """Name a mentor for ``enrolment`` (the participant's own page, or an admin's)."""
    require_perm(request.user, "schools.name_mentor", enrolment)
    form = MentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = services.mentor_invite(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {mentorship.name} ({mentorship.email}).")
            return redirect(back, **extra)
    context = {"enrolment": enrolment, "mentorship": current_mentorship(enrolment), "form": form}
    return render(request, template, context, status=400 if form.errors else 200)


@require_POST
@login_required
def mentorship_resend(request, pk):
    mentorship = _mentorship_for(request, pk)
    try:
        services.mentor_resend(mentorship=mentorship, by=request.user)
        messages.success(request, f"A new link is on its way to {mentorship.email}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(request, mentorship)


@require_POST
@login_required
def mentorship_end(request, pk):
    """Asked first: the mentor loses sight of the participant's work at once."""
    mentorship = _mentorship_for(request, pk)
    if request.POST.get("confirmed") != "1":
        participant = mentorship.enrolment.participant.full_name
        accepted = mentorship.accepted_at is not None
        return confirm_page(
            request,
            title=f"End {mentorship.name}'s mentoring?" if accepted else f"Withdraw {mentorship.name}'s invitation?",
            lead=(
                f"{mentorship.name} stops seeing {participant}'s timetable, portfolio and booklet at once. What they "
                "recorded and confirmed stays. To have them back, name them again."
                if accepted
                else f"The link sent to {mentorship.email} stops working."
            ),
            affected=[f"{mentorship.name} ({mentorship.email})", participant],
            button="End the mentoring" if accepted else "Withdraw the invitation",
            back=_back_url(request, mentorship),
        )
    try:
        services.mentor_end(mentorship=mentorship, by=request.user)
        messages.success(request, f"{mentorship.name} is no longer the mentor. What they recorded stays.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(request, mentorship)


def _mentorship_for(request, pk) -> Mentorship:
    mentorship = object_or_404(Mentorship.objects.select_related("enrolment__cohort"), pk=pk)
    enrolment = get_booklet_enrolment_for(request.user, mentorship.enrolment_id)
    require_perm(request.user, "schools.name_mentor", enrolment)
    return mentorship


def _back_url(request, mentorship) -> str:
    if mentorship.enrolment.participant_id == request.user.pk:
        return reverse("schools:my-mentor")
    return reverse("schools:cohort-mentors", kwargs={"cohort_pk": mentorship.enrolment.cohort_id})


def _back(request, mentorship):
    return redirect(_back_url(request, mentorship))
