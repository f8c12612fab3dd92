"""A teacher's side of applying: choose an open cohort, fill in the application, submit, follow it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cohorts.selectors import open_cohorts
from nasenco.access import object_or_404

from .. import services
from ..deadline import STATUS_LABELS, deadline_status, statutory_deadline
from ..forms import ApplicationForm
from ..models import Enrolment, ParticipantProfile

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
    profile = ParticipantProfile.objects.select_related("school").filter(user=request.user).first()
    if enrolment and enrolment.status not in EDITABLE:
        return _status_page(request, enrolment, profile)

    form = ApplicationForm(
        request.POST or None, applicant=request.user, initial=ApplicationForm.initial_from(profile, enrolment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.profile_save(user=request.user, school=form.school_fields(), **form.profile_fields())
                enrolment = services.application_save(
                    participant=request.user,
                    cohort=cohort,
                    headteacher_name=form.cleaned_data["headteacher_name"],
                    headteacher_email=form.cleaned_data["headteacher_email"],
                )
                if request.POST.get("action") == "submit":
                    enrolment = services.application_submit(enrolment=enrolment, by=request.user)
        except (services.NotOpen, services.TransitionRefused) as refused:
            form.add_error(None, str(refused))
        else:
            if enrolment.status == Enrolment.Status.DRAFT:
                messages.success(request, "Your draft is saved. Submit it when you are ready.")
            return redirect("enrolment:application", cohort_pk=cohort.pk)
    return render(request, "enrolment/application_form.html", {"form": form, "cohort": cohort, "enrolment": enrolment})


def _status_page(request, enrolment, profile):
    cohort = enrolment.cohort
    deadline = statutory_deadline(
        appointed_on=profile.appointed_senco_on if profile else None,
        months_previously_senco=profile.months_previously_senco if profile else 0,
        qualification=cohort.programme.qualification,
    )
    status = deadline_status(deadline, today=timezone.localdate())
    return render(
        request,
        "enrolment/application_status.html",
        {
            "enrolment": enrolment,
            "cohort": cohort,
            "deadline": deadline,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "declaration": getattr(enrolment, "declaration", None),
            "events": enrolment.events.select_related("by"),
        },
    )
