"""A lead provider admin's DfE pages: the connection, applications from DfE (accept, reject, one or in bulk),
one participant's DfE record (training changes, the declarations ledger with its evidence), the "due to
declare" list, and DfE's statements. Thin: the services decide; every page is behind the provider's wall."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Provider
from cohorts.selectors import administered_provider_ids
from nasenco.access import object_or_404
from nasenco.confirm import confirm_page
from nasenco.queue import publish

from . import rules, selectors, services
from .forms import AcceptForm, ConnectionForm, HeadForm, RejectForm, TrainingForm
from .models import Application, Declaration


def _back(request, provider_pk, pk=None):
    if pk is not None:
        return redirect("dfe:application", provider_pk=provider_pk, pk=pk)
    return redirect("dfe:home", provider_pk=provider_pk)


@require_GET
@login_required
def home(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    connection = services.connection_for(provider)
    status = request.GET.get("status", Application.Status.PENDING)
    applications = selectors.applications_of(provider).order_by("full_name", "pk")
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    counts = selectors.counts_of(provider)
    return render(
        request,
        "dfe/home.html",
        {
            "provider": provider,
            "connection": connection,
            "page": page,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices],
            "poll_hours": settings.DFE_POLL_HOURS,
            "accept_form": AcceptForm(provider=provider),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def connection(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    current = services.connection_for(provider)
    form = ConnectionForm(
        request.POST or None, initial={"base_url": current.base_url, "delivery_partner_id": current.delivery_partner_id}
    )
    if request.method == "POST" and form.is_valid():
        services.connection_save(
            connection=current,
            base_url=form.cleaned_data["base_url"],
            token=form.cleaned_data["token"].strip(),
            delivery_partner_id=form.cleaned_data["delivery_partner_id"],
            by=request.user,
        )
        services.connection_check(connection=current)
        (messages.success if current.check_ok else messages.error)(request, current.check_message)
        return redirect("dfe:connection", provider_pk=provider.pk)
    return render(request, "dfe/connection.html", {"provider": provider, "connection": current, "form": form})


@require_POST
@login_required
def check(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    current = services.connection_check(connection=services.connection_for(provider))
    (messages.success if current.check_ok else messages.error)(request, current.check_message)
    return redirect("dfe:connection", provider_pk=provider.pk)


@require_POST
@login_required
def sync(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    current = services.connection_for(provider)
    if not current.token_encrypted:
        messages.error(request, "Connect to DfE first: enter the token DfE sent you.")
        return redirect("dfe:connection", provider_pk=provider.pk)
    if publish("dfe.tasks.sync_provider", connection_id=current.pk, full=request.POST.get("full") == "1"):
        current.refresh_from_db()
        if current.sync_message:
            messages.error(request, current.sync_message)
        else:
            messages.success(request, "Reading DfE's applications, participants, declarations and statements.")
    else:
        messages.error(request, "The sync could not start now; the next scheduled poll will run it.")
    return _back(request, provider.pk)


@require_GET
@login_required
def application(request, provider_pk, pk):
    provider = selectors.provider_for(request.user, provider_pk)
    row = selectors.get_application(provider, pk)
    return render(
        request,
        "dfe/application.html",
        {
            "provider": provider,
            "application": row,
            "accept_form": AcceptForm(provider=provider),
            "head_form": HeadForm(provider=provider, prefix="head"),
            "reject_form": RejectForm(),
            "training_form": TrainingForm(),
            "declarations": row.declarations.select_related("by"),
            "writes": row.writes.order_by("-created")[:20],
            "changes": row.changes.all()[:50],
            "capped": rules.funding_capped(row.cohort),
        },
    )


def _say_errors(request, form) -> None:
    """Each error with the field it is about ("Why (kept in the activity log): Fill this in to continue.")."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _chosen(request, provider):
    ids = [int(i) for i in request.POST.getlist("application") if i.isdigit()]
    return list(selectors.applications_of(provider).filter(pk__in=ids).order_by("full_name"))


@require_POST
@login_required
def decide(request, provider_pk):
    """Accept or reject one or more applications, after a confirmation naming each person."""
    provider = selectors.provider_for(request.user, provider_pk)
    action = request.POST.get("action")
    chosen = _chosen(request, provider)
    one = chosen[0].pk if len(chosen) == 1 and request.POST.get("from") == "application" else None
    if action not in ("accept", "reject") or not chosen:
        messages.error(request, "Tick at least one application and choose accept or reject.")
        return _back(request, provider.pk, one)
    form = AcceptForm(request.POST, provider=provider) if action == "accept" else RejectForm(request.POST)
    if not form.is_valid():
        _say_errors(request, form)
        return _back(request, provider.pk, one)
    if request.POST.get("confirmed") != "1":
        if action == "accept":
            funded = form.cleaned_data["funded_place"]
            where = form.cleaned_data["cohort"]
            lead = (f"Each gets a place on {where}" if where else "Each gets the place waiting for them") + (
                "" if funded is None else (" as a funded place" if funded else " not funded by DfE")
            )
            lead += ", and DfE is told. DfE then rejects their applications to other providers."
        else:
            lead = "DfE is told; the applicants see the decision in DfE's service. This cannot be undone."
        return confirm_page(
            request,
            title=f"{action.title()} {len(chosen)} application{'s' if len(chosen) != 1 else ''}?",
            lead=lead,
            affected=[f"{a.full_name} (TRN {a.trn or 'not given'})" for a in chosen],
            button=f"{action.title()} and tell DfE",
            back=reverse("dfe:home", kwargs={"provider_pk": provider.pk}),
        )
    done = 0
    for row in chosen:
        try:
            if action == "accept":
                services.application_accept(
                    application=row,
                    cohort=form.cleaned_data["cohort"],
                    funded_place=form.cleaned_data["funded_place"],
                    email=form.cleaned_data["email"],
                    by=request.user,
                )
            else:
                services.application_reject(application=row, reason=form.cleaned_data["reason"], by=request.user)
            done += 1
        except services.Refusal as refusal:
            messages.error(request, f"{row.full_name}: {refusal}")
    if done:
        messages.success(request, f"{done} {'accepted' if action == 'accept' else 'rejected'}; DfE is being told.")
    return _back(request, provider.pk, one)


@require_POST
@login_required
def ask_head(request, provider_pk, pk):
    """The provider's suitability step: the headteacher's declaration before the place is accepted."""
    provider = selectors.provider_for(request.user, provider_pk)
    row = selectors.get_application(provider, pk)
    form = HeadForm(request.POST, provider=provider, prefix="head")
    if not form.is_valid():
        _say_errors(request, form)
        return _back(request, provider.pk, row.pk)
    try:
        services.application_ask_head(
            application=row,
            cohort=form.cleaned_data["cohort"],
            head_name=form.cleaned_data["head_name"],
            head_email=form.cleaned_data["head_email"],
            email=form.cleaned_data["email"],
            by=request.user,
        )
        messages.success(request, f"{form.cleaned_data['head_name']} has been emailed the declaration's link.")
    except services.Refusal as refusal:
        messages.error(request, str(refusal))
    return _back(request, provider.pk, row.pk)


@require_POST
@login_required
def training(request, provider_pk, pk):
    provider = selectors.provider_for(request.user, provider_pk)
    row = selectors.get_application(provider, pk)
    form = TrainingForm(request.POST)
    if form.is_valid() and form.cleaned_data["kind"] == "withdraw" and request.POST.get("confirmed") != "1":
        reason = rules.WITHDRAW_REASONS.get(form.cleaned_data["reason"], "no reason chosen")
        return confirm_page(  # the place is withdrawn too, and a withdrawn place cannot come back
            request,
            title=f"Withdraw {row.full_name} from the NPQ for SENCOs?",
            lead="DfE is told, and the place on the cohort is withdrawn: this cannot be undone here. Declarations "
            "already made stand; none can be dated after today.",
            affected=[f"{row.full_name}: {reason}"],
            button="Withdraw and tell DfE",
            back=reverse("dfe:application", kwargs={"provider_pk": provider.pk, "pk": row.pk}),
        )
    if form.is_valid():
        try:
            services.participant_change(
                application=row,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                schedule=form.cleaned_data["schedule"],
                by=request.user,
            )
            messages.success(request, "Saved; DfE is being told.")
        except services.Refusal as refusal:
            messages.error(request, str(refusal))
    else:
        messages.error(request, "Choose what to change.")
    return _back(request, provider.pk, row.pk)


@require_GET
@login_required
def due(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    declaration_type = request.GET.get("type", "started")
    if declaration_type not in rules.DECLARATION_TYPES:
        declaration_type = "started"
    return render(
        request,
        "dfe/due.html",
        {
            "provider": provider,
            "type": declaration_type,
            "types": Declaration.Type.choices,
            "rows": selectors.evidence_rows(provider, declaration_type),
        },
    )


@require_POST
@login_required
def declare(request, provider_pk):
    """Declare a milestone for the ticked participants who have the evidence, after a confirmation."""
    provider = selectors.provider_for(request.user, provider_pk)
    declaration_type = request.POST.get("type", "")
    if declaration_type not in rules.DECLARATION_TYPES:
        messages.error(request, "Choose a milestone.")
        return redirect("dfe:due", provider_pk=provider.pk)
    ids = {int(i) for i in request.POST.getlist("application") if i.isdigit()}
    rows = [r for r in selectors.evidence_rows(provider, declaration_type) if r["application"].pk in ids]
    ready = [r for r in rows if r["evidence"].ready]
    back = reverse("dfe:due", kwargs={"provider_pk": provider.pk}) + f"?type={declaration_type}"
    if not ready:
        messages.error(request, "Tick at least one participant whose evidence is complete.")
        return redirect(back)
    if request.POST.get("confirmed") != "1":
        return confirm_page(
            request,
            title=f"Declare “{declaration_type}” for {len(ready)} participant{'s' if len(ready) != 1 else ''}?",
            lead="DfE pays on declarations: each is sent once, with the evidence below kept for audit. A "
            "declaration made in error can be voided later (a paid one is clawed back).",
            affected=[
                f"{r['application'].full_name}: " + ", ".join(f"{k} {v}" for k, v in r["evidence"].facts.items())
                for r in ready
            ],
            button=f"Declare {declaration_type}",
            back=back,
        )
    connection = services.connection_for(provider)
    done = 0
    for row in ready:
        try:
            services.declare(
                application=row["application"],
                declaration_type=declaration_type,
                evidence=row["evidence"].facts,
                has_passed=row["evidence"].facts.get("outcome") == "passed"
                if declaration_type == "completed"
                else None,
                delivery_partner_id=connection.delivery_partner_id,
                by=request.user,
            )
            done += 1
        except services.Refusal as refusal:
            messages.error(request, f"{row['application'].full_name}: {refusal}")
    if done:
        messages.success(request, f"{done} declared; DfE is being told. Each row shows DfE's answer.")
    return redirect(back)


@require_POST
@login_required
def void(request, provider_pk, pk):
    provider = selectors.provider_for(request.user, provider_pk)
    declaration = selectors.get_declaration(provider, pk)
    back = reverse("dfe:application", kwargs={"provider_pk": provider.pk, "pk": declaration.application_id})
    if request.POST.get("confirmed") != "1":
        paid = declaration.state == Declaration.State.PAID
        consequence = (
            "It has been paid: DfE will claw the payment back on a later statement." if paid else "DfE will not pay it."
        )
        if declaration.declaration_type == Declaration.Type.COMPLETED:
            consequence += " The outcome is withdrawn too: the NPQ stops counting as held."
        return confirm_page(
            request,
            title=f"Void the “{declaration.declaration_type}” declaration for {declaration.application.full_name}?",
            lead=consequence + " This cannot be undone; you can declare again afterwards.",
            affected=[f"{declaration.get_declaration_type_display()}, {declaration.get_state_display().lower()}"],
            button="Void the declaration",
            back=back,
        )
    try:
        services.declaration_void(declaration=declaration, by=request.user)
        messages.success(request, "Voiding; DfE is being told.")
    except services.Refusal as refusal:
        messages.error(request, str(refusal))
    return redirect(back)


@require_GET
@login_required
def statements(request, provider_pk):
    provider = selectors.provider_for(request.user, provider_pk)
    return render(request, "dfe/statements.html", {"provider": provider, "rows": selectors.statements_of(provider)})


@require_GET
@login_required
def place(request, pk):
    """From a place made through DfE to its DfE record (404 unless the user runs its provider)."""
    row = object_or_404(
        Application.objects.filter(provider_id__in=administered_provider_ids(request.user)), enrolment_id=pk
    )
    return redirect("dfe:application", provider_pk=row.provider_id, pk=row.pk)


@require_GET
@login_required
def start(request):
    """The navigation's way in: the DfE pages of the provider the admin runs (a choice when several)."""
    administered = Provider.objects.filter(pk__in=administered_provider_ids(request.user)).order_by("name")
    providers = [p for p in administered if p.lead_provider_id is None]
    if len(providers) == 1:
        return redirect("dfe:home", provider_pk=providers[0].pk)
    leads = Provider.objects.filter(pk__in={p.lead_provider_id for p in administered if p.lead_provider_id})
    if not providers and not leads:
        raise Http404
    return render(request, "dfe/start.html", {"providers": providers, "leads": leads})
