"""A teacher's side of applying: choose an open cohort, fill in the application, submit, follow it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cohorts.selectors import open_cohorts
from nasenco.access import object_or_404

from .. import services
from ..forms import ApplicationForm, SpellFormSet, spell_initial
from ..models import Enrolment, ParticipantProfile
from .eligibility import CARRIED

EDITABLE = (Enrolment.Status.DRAFT, Enrolment.Status.INELIGIBLE)


@require_GET
@login_required
def apply(request):
    mine = {e.cohort_id: e for e in Enrolment.objects.filter(participant=request.user)}
    return render(request, "enrolment/apply.html", {"cohorts": open_cohorts(), "mine": mine})


@require_http_methods(["GET", "POST"])
@login_required
def application(request, cohort_pk):
    enrolment = (
        Enrolment.objects.select_related("cohort__provider", "cohort__programme", "declaration")
        .filter(participant=request.user, cohort_id=cohort_pk)
        .first()
    )
    cohort = enrolment.cohort if enrolment else object_or_404(open_cohorts(), pk=cohort_pk)
    profile = (
        ParticipantProfile.objects.select_related("school").prefetch_related("spells").filter(user=request.user).first()
    )
    if enrolment and enrolment.status not in EDITABLE:
        return _status_page(request, enrolment)

    carried = request.session.get(CARRIED) or {}
    form = ApplicationForm(
        request.POST or None,
        applicant=request.user,
        initial=ApplicationForm.initial_from(profile, enrolment, carried.get("answers")),
    )
    spells = SpellFormSet(
        request.POST or None,
        prefix="spells",
        initial=spell_initial(profile) if profile else carried.get("spells", []),
    )
    if request.method == "POST" and form.is_valid() and spells.is_valid():
        try:
            with transaction.atomic():  # the draft is saved with whatever is filled in
                services.profile_save(
                    user=request.user, school=form.school_fields(), spells=spells.spells(), **form.profile_fields()
                )
                enrolment = services.application_save(
                    participant=request.user,
                    cohort=cohort,
                    headteacher_name=form.cleaned_data["headteacher_name"],
                    headteacher_email=form.cleaned_data["headteacher_email"],
                )
            request.session.pop(CARRIED, None)
            if request.POST.get("action") == "submit":
                enrolment = services.application_submit(enrolment=enrolment, by=request.user)
        except services.NotOpen as refused:
            form.add_error(None, str(refused))
        except services.TransitionRefused as refused:
            form.add_error(None, f"{refused} Your answers are saved as a draft.")
        else:
            if enrolment.status == Enrolment.Status.DRAFT:
                messages.success(request, "Your draft is saved. Submit it when you are ready.")
            return redirect("enrolment:application", cohort_pk=cohort.pk)
    if enrolment is not None:
        enrolment.refresh_from_db()
    return render(
        request,
        "enrolment/application_form.html",
        {"form": form, "spells": spells, "cohort": cohort, "enrolment": enrolment},
    )


def _status_page(request, enrolment):
    return render(
        request,
        "enrolment/application_status.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "declaration": getattr(enrolment, "declaration", None),
            "events": enrolment.events.select_related("by"),
        },
    )
