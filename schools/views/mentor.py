"""The mentor's side (and the place page staff share): join by the signed link; the people you mentor;
one person's timetable, portfolio (read-only), booklet and notes; confirming items or asking for more."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cohorts.forms import JoinForm
from cohorts.selectors import timetable_of
from cohorts.services import download_record
from nasenco.access import require_perm
from nasenco.files.responses import private_file_response
from nasenco.files.services import stored_file_request
from nasenco.invitations import InvitationInvalid
from portfolio.selectors import coverage, portfolio_of

from .. import services
from ..documents import booklet_filename
from ..forms import MoreForm, NoteForm
from ..selectors import (
    booklet_counts_for,
    booklet_of,
    current_mentorship,
    entries_to_confirm_by,
    get_booklet_enrolment_for,
    get_entry_to_confirm,
    mentees_of,
)
from ..tasks import render_booklet
from .common import form_errors


def join(request, token):
    """The mentor's invitation link: sign in (or create a light account) with the invited address, then join."""
    try:
        mentorship = services.mentor_from_token(token)
    except InvitationInvalid as invalid:
        return render(request, "schools/join.html", {"problem": str(invalid)}, status=410)
    user = request.user
    exists = user.is_authenticated or get_user_model().objects.filter(email__iexact=mentorship.email).exists()
    form = None if exists else JoinForm(request.POST or None, email=mentorship.email)
    if request.method == "POST":
        if not user.is_authenticated and form is not None and form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if user.is_authenticated:
            try:
                services.mentor_accept(mentorship=mentorship, user=user)
            except InvitationInvalid as invalid:
                return render(request, "schools/join.html", {"problem": str(invalid)}, status=409)
            messages.success(request, f"You are now {mentorship.enrolment.participant.full_name}'s mentor.")
            return redirect("schools:place", pk=mentorship.enrolment_id)
    context = {
        "mentorship": mentorship,
        "form": form,
        "account_exists": exists,
        "sign_in": f"{reverse('accounts:login')}?next={request.path}",
    }
    return render(request, "schools/join.html", context)


@require_GET
@login_required
def mentees(request):
    places = list(mentees_of(request.user))
    counts = booklet_counts_for([p.pk for p in places])
    rows = [{"enrolment": p, "booklet": counts.get(p.pk)} for p in places]
    return render(request, "schools/mentees.html", {"rows": rows})


@require_GET
@login_required
def place(request, pk):
    """One participant's school-based picture, for their mentor, the cohort's staff and themselves."""
    enrolment = get_booklet_enrolment_for(request.user, pk)
    require_perm(request.user, "schools.view_place", enrolment)
    return _place_page(request, enrolment)


def _place_page(request, enrolment, *, note_form=None, more_forms=None, status=200):
    portfolio = portfolio_of(enrolment)
    evidence = portfolio.evidence.prefetch_related("mappings__outcome") if portfolio else []
    return render(
        request,
        "schools/place.html",
        {
            "enrolment": enrolment,
            "booklet": booklet_of(enrolment),
            "mentorship": current_mentorship(enrolment),
            "days": timetable_of(enrolment.cohort),
            "coverage": coverage(portfolio) if portfolio else None,
            "evidence": evidence,
            "notes": enrolment.mentor_notes.all(),
            "note_form": note_form or NoteForm(initial={"happened_on": timezone.localdate()}),
            "can_note": request.user.has_perm("schools.add_note", enrolment),
            "more_forms": more_forms or {},
            # The one "ask for more" that was refused, and why, shown beside its box.
            "more_error": next(((pk, f.errors.get("response", [""])[0]) for pk, f in (more_forms or {}).items()), None),
            "confirmable": set(_confirmable_ids(request.user, enrolment)),
        },
        status=status,
    )


def _confirmable_ids(user, enrolment):
    return entries_to_confirm_by(user).filter(enrolment=enrolment).values_list("pk", flat=True)


@require_POST
@login_required
def note_add(request, pk):
    enrolment = get_booklet_enrolment_for(request.user, pk)
    require_perm(request.user, "schools.add_note", enrolment)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_note_add(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Note saved.")
            return redirect("schools:place", pk=enrolment.pk)
    return _place_page(request, enrolment, note_form=form, status=400)


@require_POST
@login_required
def entry_confirm(request, pk):
    entry = get_entry_to_confirm(request.user, pk)
    try:
        services.entry_confirm(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{entry.item.title}” confirmed.")
    return redirect("schools:place", pk=entry.enrolment_id)


@require_POST
@login_required
def entry_more(request, pk):
    entry = get_entry_to_confirm(request.user, pk)
    form = MoreForm(request.POST)
    if form.is_valid():
        try:
            services.entry_ask_more(entry=entry, by=request.user, response=form.cleaned_data["response"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{entry.item.title}” sent back to {entry.enrolment.participant.full_name}.")
        return redirect("schools:place", pk=entry.enrolment_id)
    return _place_page(request, entry.enrolment, more_forms={entry.pk: form}, status=400)


@require_POST
@login_required
def booklet_download(request, pk):
    """Ask for the booklet as PDF: a worker renders it and the next page shows progress, then the file."""
    enrolment = get_booklet_enrolment_for(request.user, pk)
    require_perm(request.user, "schools.view_place", enrolment)
    with transaction.atomic():
        stored = stored_file_request(
            by=request.user,
            kind="booklet",
            name=booklet_filename(enrolment),
            task=render_booklet.name,
            task_kwargs={"enrolment_id": enrolment.pk},
        )
        download_record(
            provider_id=enrolment.cohort.provider_id,
            by=request.user,
            what="the performance booklet (PDF)",
            obj=enrolment,
            about=enrolment.participant,
            label=enrolment.participant.full_name,
        )
    return redirect("files:status", pk=stored.pk)


@require_GET
@login_required
def signoff_file(request, pk):
    """The booklet as the head signed it in ink."""
    enrolment = get_booklet_enrolment_for(request.user, pk)
    require_perm(request.user, "schools.view_place", enrolment)
    signoff = getattr(enrolment, "booklet_signoff", None)
    if signoff is None or not signoff.ink_file:
        raise Http404("No booklet signed in ink.")
    download_record(
        provider_id=enrolment.cohort.provider_id,
        by=request.user,
        what="the booklet signed in ink",
        obj=signoff,
        about=enrolment.participant,
        label=enrolment.participant.full_name,
    )
    return private_file_response(
        request,
        signoff.ink_file,
        filename=signoff.ink_file_name or "signed booklet.pdf",
        content_type="application/pdf",
    )
