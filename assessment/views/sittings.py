"""The case study: the cohort's windows (admins), adjustment requests and their decisions, appeals and their
decisions (staff who did not mark the work); the participant's requests and appeals. Thin: services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from nasenco.access import object_or_404
from nasenco.confirm import confirm_page
from nasenco.mail.services import email_render

from .. import services
from ..forms import AdjustmentDecisionForm, AdjustmentForm, AppealDecisionForm, AppealForm, WindowForm
from ..models import Adjustment, Appeal, Component, Submission, Window
from ..selectors import cohort_for, get_component_of, get_submission_for
from ..sittings import appeal_deadline
from .participant import _enrolment_and_component


def _errors_to(form, error: ValidationError) -> None:
    for field, field_messages in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        form.add_error(field if field in form.fields else None, field_messages)


@require_http_methods(["GET", "POST"])
@login_required
def case_study(request, cohort_pk, component_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.view_queue")
    component = get_component_of(cohort, component_pk)
    if component.kind != Component.Kind.CASE_STUDY:
        return redirect("assessment:cohort-scheme", cohort_pk=cohort.pk)
    can_set = request.user.has_perm("assessment.set_windows", cohort)
    form = WindowForm(request.POST or None)
    if request.method == "POST":
        cohort_for(request.user, cohort_pk, "assessment.set_windows")
        if form.is_valid():
            try:
                services.window_save(cohort=cohort, component=component, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                messages.success(request, "Window saved: the cohort sees it on their assessment page.")
                return redirect("assessment:case-study", cohort_pk=cohort.pk, component_pk=component.pk)
    windows = Window.objects.filter(cohort=cohort, component=component)
    adjustments = list(
        Adjustment.objects.filter(enrolment__cohort=cohort, component=component)
        .select_related("enrolment__participant", "window")
        .order_by("status", "-created")
    )
    for adjustment in adjustments:
        if adjustment.status == Adjustment.Status.REQUESTED:
            adjustment.form = AdjustmentDecisionForm(windows=windows, prefix=f"a{adjustment.pk}")
    appeals = (
        Appeal.objects.filter(submission__enrolment__cohort=cohort, submission__component=component)
        .select_related("submission__enrolment__participant", "reviewer")
        .order_by("status", "lodged_at")
    )
    return render(
        request,
        "assessment/case_study.html",
        {
            "cohort": cohort,
            "component": component,
            "windows": windows,
            "form": form,
            "can_set": can_set,
            "can_decide": request.user.has_perm("assessment.decide_extension", cohort),
            "adjustments": adjustments,
            "appeals": appeals,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def adjustment_decide(request, cohort_pk, pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.decide_extension")
    adjustment = object_or_404(Adjustment.objects.filter(enrolment__cohort=cohort), pk=pk)
    windows = Window.objects.filter(cohort=cohort, component=adjustment.component_id)
    form = AdjustmentDecisionForm(request.POST, windows=windows, prefix=f"a{adjustment.pk}")
    if form.is_valid():
        try:
            services.adjustment_decide(adjustment=adjustment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Decided: the participant is emailed.")
    else:
        messages.error(request, "Choose approve or refuse.")
    return redirect("assessment:case-study", cohort_pk=cohort.pk, component_pk=adjustment.component_id)


@require_http_methods(["GET", "POST"])
@login_required
def appeal_decide(request, cohort_pk, pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.view_queue")
    appeal = object_or_404(
        Appeal.objects.filter(submission__enrolment__cohort=cohort).select_related(
            "submission__enrolment__participant", "submission__component", "submission__marker"
        ),
        pk=pk,
    )
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirmed") != "1":
        # A decision is final and the participant is emailed at once: asked first, showing that email.
        uphold, person = form.cleaned_data["uphold"], appeal.submission.enrolment.participant
        preview = Appeal(pk=appeal.pk, submission=appeal.submission, decision=form.cleaned_data["decision"],
                         status=Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED)  # fmt: skip
        return confirm_page(
            request,
            title=f"{'Uphold' if uphold else 'Dismiss'} {person.full_name}'s appeal?",
            lead=(
                "The result becomes a pass: it counts towards the award at once."
                if uphold
                else "The result stands: a fail, resat in the next window."
            )
            + " The decision is final here and the participant is emailed your reasons.",
            affected=[f"{person.full_name}: {appeal.submission.component.title}, attempt {appeal.submission.attempt}"],
            button="Record the decision and email it",
            back=request.path,
            email=email_render("assessment/email/appeal", {"appeal": preview, "submission": appeal.submission}),
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(appeal=appeal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Appeal decided: the participant is emailed your reasons.")
            return redirect("assessment:case-study", cohort_pk=cohort.pk, component_pk=appeal.submission.component_id)
    return render(request, "assessment/appeal_decide.html", {"cohort": cohort, "appeal": appeal, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def adjustment(request, component_pk):
    enrolment, component = _enrolment_and_component(request, component_pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_request(enrolment=enrolment, component=component, **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Your request is with your provider: they will decide and email you.")
            return redirect("assessment:mine")
    return render(request, "assessment/adjustment.html", {"form": form, "component": component})


@require_http_methods(["GET", "POST"])
@login_required
def appeal(request, pk):
    submission = get_submission_for(request.user, pk)
    if submission.enrolment.participant_id != request.user.pk or submission.status != Submission.Status.RELEASED:
        return redirect("assessment:mine")
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_lodge(submission=submission, by=request.user, grounds=form.cleaned_data["grounds"])
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Your appeal is lodged: someone who did not mark your work will decide.")
            return redirect("assessment:mine")
    deadline = appeal_deadline(submission.released_at, submission.component.appeal_days)
    return render(request, "assessment/appeal.html", {"form": form, "submission": submission, "deadline": deadline})
