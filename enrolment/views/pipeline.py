"""A provider admin's side: applications by state, one application in full, bulk acceptance, the cohort
list as CSV, and the participants at risk of missing their statutory deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cohorts.models import Cohort
from cohorts.selectors import cohorts_administered_by, provider_choice
from cohorts.services import download_record
from nasenco.access import object_or_404, require_perm
from nasenco.confirm import confirm_page
from nasenco.files.responses import private_file_response
from nasenco.mail.services import email_render
from nasenco.spreadsheets import csv_response

from .. import services
from ..forms import RejectDeclarationForm, TransferForm, TransitionForm
from ..models import Declaration, Enrolment
from ..selectors import at_risk, enrolments_administered_by, get_enrolment_for, with_deadlines
from ..services.transitions import APPLICANT_TOLD
from ..states import ADMIN_ACTIONS, TRANSITIONS
from ..statute import ASSESSMENT_MARGIN, AT_RISK_WITHIN, CLOSE_WITHIN

TRANSFERABLE = {Enrolment.Status.ACCEPTED, Enrolment.Status.ACTIVE, Enrolment.Status.DEFERRED}
BULK = {"accept": Enrolment.Status.ACCEPTED, "activate": Enrolment.Status.ACTIVE}
BULK_LABELS = {"accept": "Accept their places", "activate": "Mark as studying"}


@require_GET
@login_required
def application_list(request):
    require_perm(request.user, "enrolment.manage_applications")
    enrolments = enrolments_administered_by(request.user).order_by("-submitted_at", "-created")
    status, cohort = request.GET.get("status", ""), request.GET.get("cohort", "")
    if status in Enrolment.Status.values:
        enrolments = enrolments.filter(status=status)
    if status == "ready":
        enrolments = enrolments.filter(
            status=Enrolment.Status.AWAITING_DECLARATION, declaration__status=Declaration.Status.VERIFIED
        )
    if status == "to-verify":
        enrolments = enrolments.filter(declaration__status=Declaration.Status.UPLOADED)
    if cohort.isdigit():
        enrolments = enrolments.filter(cohort_id=int(cohort))
    providers, shown = provider_choice(request.user, request.GET.get("provider", ""))
    if providers and len(shown) == 1:  # a lead provider's admin looking at one delivery partner
        enrolments = enrolments.filter(cohort__provider_id__in=shown)
    page = Paginator(enrolments, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enrolment/pipeline/list.html",
        {
            "page": page,
            "status": status,
            "cohort": cohort,
            "query": query.urlencode(),
            "statuses": [s for s in Enrolment.Status.choices if s[0] != Enrolment.Status.DRAFT],
            "cohorts": cohorts_administered_by(request.user),
            "providers": providers,
            "provider_value": request.GET.get("provider", ""),
        },
    )


@require_POST
@login_required
def application_bulk(request):
    require_perm(request.user, "enrolment.manage_applications")
    to = BULK.get(request.POST.get("action", ""))
    ids = [int(i) for i in request.POST.getlist("enrolment") if i.isdigit()]
    if to is None or not ids:
        messages.error(request, "Tick at least one application and choose what to do with them.")
        return redirect("enrolment:pipeline")
    chosen = list(
        enrolments_administered_by(request.user)
        .filter(pk__in=ids)
        .select_related("participant", "cohort__programme")
        .order_by("participant__full_name")
    )
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("enrolment:pipeline")
    if request.POST.get("confirmed") != "1":
        label = Enrolment.Status(to).label.lower()
        headline = APPLICANT_TOLD.get(to)
        email = None
        if headline and chosen:
            email = email_render(
                "enrolment/email/application_update",
                {
                    "enrolment": chosen[0],
                    "headline": headline,
                    "detail": "Bulk action.",
                    "programme": chosen[0].cohort.programme.short_name,
                },
            )
        return confirm_page(
            request,
            title=f"{BULK_LABELS[request.POST['action']]}: {len(chosen)} application{'s' if len(chosen) != 1 else ''}?",
            lead="Each moves on only if its state allows it (a full cohort refuses more places); "
            + ("each person is emailed." if headline else "nobody is emailed."),
            affected=[f"{e.participant.full_name}: {e.get_status_display().lower()} → {label}" for e in chosen],
            button=BULK_LABELS[request.POST["action"]],
            back=back,
            email=email,
        )
    done, refused = 0, []
    for enrolment in chosen:
        try:
            services.enrolment_transition(enrolment=enrolment, to=to, by=request.user, reason="Bulk action.")
            done += 1
        except services.TransitionRefused as refusal:
            refused.append(str(refusal))
    if done:
        messages.success(request, f"{done} updated.")
    for message in refused:
        messages.warning(request, message)
    return redirect(back)


@require_GET
@login_required
def application_detail(request, pk):
    return _detail(request, get_enrolment_for(request.user, pk))


def _detail(request, enrolment, *, transition_form=None, reject_form=None, transfer_form=None, status=200):
    """The application in full, with a form per action; a form that failed comes back bound, with its
    errors and what was typed."""
    return render(
        request,
        "enrolment/pipeline/detail.html",
        {
            "enrolment": enrolment,
            "declaration": getattr(enrolment, "declaration", None),
            "row": {"profile": getattr(enrolment.participant, "profile", None)},
            "transition_form": transition_form or _transition_form(enrolment),
            "reject_form": reject_form or RejectDeclarationForm(),
            "transfer_form": transfer_form or _transfer_form(request, enrolment),
            "events": enrolment.events.select_related("by"),
        },
        status=status,
    )


def _transition_form(enrolment, data=None) -> TransitionForm:
    choices = [(to, ADMIN_ACTIONS[to]) for to in ADMIN_ACTIONS if to in TRANSITIONS[enrolment.status]]
    return TransitionForm(data, choices=choices)


def _transfer_form(request, enrolment, data=None) -> TransferForm | None:
    if enrolment.status not in TRANSFERABLE:
        return None
    cohorts = (
        cohorts_administered_by(request.user)
        .filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
        .exclude(pk=enrolment.cohort_id)
    )
    return TransferForm(data, cohorts=cohorts)


def _refused(request, refusal, enrolment):
    messages.error(request, str(refusal))
    return redirect("enrolment:pipeline-detail", pk=enrolment.pk)


@require_POST
@login_required
def application_transition(request, pk):
    enrolment = get_enrolment_for(request.user, pk)
    form = _transition_form(enrolment, request.POST)
    if not form.is_valid():
        return _detail(request, enrolment, transition_form=form, status=400)
    try:
        services.enrolment_transition(
            enrolment=enrolment, to=form.cleaned_data["to"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except services.TransitionRefused as refusal:
        return _refused(request, refusal, enrolment)
    messages.success(request, "Saved.")
    return redirect("enrolment:pipeline-detail", pk=pk)


@require_POST
@login_required
def application_transfer(request, pk):
    enrolment = get_enrolment_for(request.user, pk)
    form = _transfer_form(request, enrolment, request.POST)
    if form is None:
        return _refused(
            request, f"A place that is “{enrolment.get_status_display()}” cannot be transferred.", enrolment
        )
    if not form.is_valid():
        return _detail(request, enrolment, transfer_form=form, status=400)
    try:
        moved = services.enrolment_transfer(
            enrolment=enrolment,
            to_cohort=form.cleaned_data["cohort"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.TransitionRefused as refusal:
        return _refused(request, refusal, enrolment)
    messages.success(request, f"Moved to {moved.cohort.name}.")
    return redirect("enrolment:pipeline-detail", pk=moved.pk)


def _with_declaration(request, pk):
    """An application the user administers, with its declaration (404 when either is not there)."""
    enrolment = get_enrolment_for(request.user, pk)
    return enrolment, object_or_404(Declaration.objects.all(), enrolment=enrolment)


@require_POST
@login_required
def declaration_verify(request, pk):
    enrolment, declaration = _with_declaration(request, pk)
    try:
        services.declaration_verify(declaration=declaration, by=request.user)
    except ValueError as refusal:
        return _refused(request, refusal, enrolment)
    messages.success(request, "Declaration verified. You can now accept the place.")
    return redirect("enrolment:pipeline-detail", pk=pk)


@require_POST
@login_required
def declaration_reject(request, pk):
    enrolment, declaration = _with_declaration(request, pk)
    form = RejectDeclarationForm(request.POST)
    if not form.is_valid():
        return _detail(request, enrolment, reject_form=form, status=400)
    services.declaration_reject(declaration=declaration, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"Sent back to {enrolment.headteacher_name} with your reason.")
    return redirect("enrolment:pipeline-detail", pk=pk)


@require_POST
@login_required
def declaration_resend(request, pk):
    enrolment, _ = _with_declaration(request, pk)
    services.declaration_issue(enrolment=enrolment, by=request.user)
    messages.success(request, f"A new link is on its way to {enrolment.headteacher_email}.")
    return redirect("enrolment:pipeline-detail", pk=pk)


@require_GET
@login_required
def declaration_scan(request, pk):
    enrolment = get_enrolment_for(request.user, pk)
    declaration = object_or_404(Declaration.objects.exclude(scan=""), enrolment=enrolment)
    name = f"Declaration - {enrolment.participant.full_name}.{declaration.scan.name.rsplit('.', 1)[-1]}"
    download_record(
        provider_id=enrolment.cohort.provider_id,
        by=request.user,
        what="the signed headteacher declaration",
        obj=declaration,
        about=enrolment.participant,
        label=f"{enrolment.participant.full_name} — {enrolment.cohort.name}",
    )
    return private_file_response(request, declaration.scan, filename=name, content_type=declaration.scan_content_type)


@require_GET
@login_required
def cohort_csv(request, cohort_pk):
    cohort = object_or_404(cohorts_administered_by(request.user), pk=cohort_pk)
    enrolments = enrolments_administered_by(request.user).filter(cohort=cohort).order_by("participant__full_name")
    header = [
        "Name",
        "Email",
        "TRN",
        "School",
        "URN",
        "Role",
        "Status",
        "Award scope",
        "Statutory deadline",
        "Deadline status",
        "Headteacher",
        "Headteacher email",
    ]
    rows = []
    for row in with_deadlines(enrolments, today=timezone.localdate()):
        e, p = row["enrolment"], row["profile"]
        rows.append(
            [
                e.participant.full_name,
                e.participant.email,
                p.trn if p else "",
                p.school.name if p and p.school else "",
                p.school.urn if p and p.school else "",
                p.get_role_display() if p else "",
                e.get_status_display(),
                row["answer"].scope_label,
                row["answer"].deadline.isoformat() if row["answer"].deadline else "",
                row["status"].label,
                e.headteacher_name,
                e.headteacher_email,
            ]
        )
    download_record(
        provider_id=cohort.provider_id, by=request.user, what=f"the participants' CSV ({len(rows)} rows)", obj=cohort
    )
    return csv_response(f"{cohort.name} {cohort.academic_year}.csv", header, rows)


@require_GET
@login_required
def at_risk_list(request):
    require_perm(request.user, "enrolment.manage_applications")
    today = timezone.localdate()
    places = enrolments_administered_by(request.user)
    providers, shown = provider_choice(request.user, request.GET.get("provider", ""))
    if providers and len(shown) == 1:
        places = places.filter(cohort__provider_id__in=shown)
    page = Paginator(at_risk(places, today=today), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enrolment/pipeline/at_risk.html",
        {
            "rows": with_deadlines(page.object_list, today=today),
            "page": page,
            "at_risk_days": AT_RISK_WITHIN.days,
            "close_days": CLOSE_WITHIN.days,
            "margin_days": ASSESSMENT_MARGIN.days,
            "providers": providers,
            "provider_value": request.GET.get("provider", ""),
        },
    )
