"""Participants build their portfolio here; tutors and admins review it and see a cohort's coverage."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import get_cohort_for
from cohorts.services import download_record
from enrolment.selectors import current_enrolment
from nasenco.access import object_or_404, require_perm
from nasenco.files.responses import private_file_response
from nasenco.files.services import stored_file_request
from nasenco.files.storage import STORAGE_ERRORS, STORAGE_TRY_AGAIN

from . import services
from .exports import EXPORTS
from .forms import EvidenceForm, MappingForm, ReviewForm
from .models import Mapping, Portfolio
from .selectors import cohort_heatmap, coverage, get_evidence_for, get_portfolio_for, is_owner, portfolio_of
from .tasks import render_portfolio_export

logger = logging.getLogger(__name__)


def _own_portfolio(request) -> Portfolio | None:
    """The participant's portfolio for their current place. Pages only read it (it is opened when the place
    is given); a form sent opens one for a place given before that rule, so nothing is ever lost."""
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        return None
    if request.method == "POST":
        return services.portfolio_for(enrolment)
    return portfolio_of(enrolment)


@require_GET
@login_required
def my_portfolio(request):
    portfolio = _own_portfolio(request)
    if portfolio is None:
        return render(request, "portfolio/portfolio.html", {"portfolio": None})
    return _portfolio_page(request, portfolio, owner=True)


@require_GET
@login_required
def portfolio_detail(request, pk):
    portfolio = get_portfolio_for(request.user, pk)
    return _portfolio_page(request, portfolio, owner=is_owner(request.user, portfolio))


EVIDENCE_PER_PAGE = 25


def _portfolio_page(request, portfolio, *, owner: bool):
    """Coverage of every outcome, and the evidence newest first, 25 items to a page."""
    evidence = portfolio.evidence.prefetch_related("mappings__outcome", "files")
    page = Paginator(evidence, EVIDENCE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "portfolio": portfolio,
            "coverage": coverage(portfolio),
            "evidence": page.object_list,
            "page": page,
            "owner": owner,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def evidence_edit(request, pk=None):
    if pk is None:
        portfolio, evidence = _own_portfolio(request), None
        if portfolio is None:
            raise PermissionDenied
    else:
        evidence = get_evidence_for(request.user, pk)
        portfolio = evidence.portfolio
        if not is_owner(request.user, portfolio):
            raise PermissionDenied
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=evidence)
    context = {"form": form, "evidence": evidence, "portfolio": portfolio}
    if request.method == "POST" and form.is_valid():
        fields = {
            f: form.cleaned_data[f] for f in ("title", "kind", "activity_date", "reflection", "pupils_not_identifiable")
        }
        try:
            saved = services.evidence_save(
                portfolio=portfolio,
                evidence=evidence,
                fields=fields,
                files=form.cleaned_data["files"],
                expected_version=form.cleaned_data.get("version"),
            )
        except services.EditConflict:
            context["conflict"] = get_evidence_for(request.user, pk)
        except STORAGE_ERRORS:
            logger.exception("File storage refused an evidence upload")
            form.add_error(None, STORAGE_TRY_AGAIN)
        except services.PortfolioLocked as locked:
            form.add_error(None, str(locked))
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, "Saved.")
            return redirect("portfolio:evidence", pk=saved.pk)
    return render(request, "portfolio/evidence_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def evidence_detail(request, pk):
    evidence = get_evidence_for(request.user, pk)
    owner = is_owner(request.user, evidence.portfolio)
    mapping_form = MappingForm(request.POST or None, framework=evidence.portfolio.framework)
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if mapping_form.is_valid():
            try:
                services.mapping_add(
                    evidence=evidence,
                    outcome=mapping_form.cleaned_data["outcome"],
                    justification=mapping_form.cleaned_data["justification"],
                    by=request.user,
                )
            except (ValidationError, services.PortfolioLocked) as refused:
                mapping_form.add_error(None, refused.messages[0] if hasattr(refused, "messages") else str(refused))
            else:
                messages.success(
                    request, f"Mapped to {mapping_form.cleaned_data['outcome'].code}; your tutor will review it."
                )
                return redirect("portfolio:evidence", pk=pk)
    mappings = evidence.mappings.select_related("outcome", "reviewed_by").prefetch_related("events__by")
    return render(
        request,
        "portfolio/evidence_detail.html",
        {
            "evidence": evidence,
            "owner": owner,
            "mapping_form": mapping_form,
            "mappings": mappings,
            "review_form": ReviewForm(),
            "files": evidence.files.all(),
        },
    )


@require_GET
@login_required
def evidence_file(request, pk, file_pk):
    evidence = get_evidence_for(request.user, pk)
    stored = object_or_404(evidence.files.all(), pk=file_pk)
    enrolment = evidence.portfolio.enrolment
    download_record(
        provider_id=enrolment.cohort.provider_id,
        by=request.user,
        what=f"evidence “{evidence.title}”",
        obj=stored,
        about=enrolment.participant,
        label=f"{stored.name} — {enrolment.participant.full_name}",
    )
    return private_file_response(request, stored.file, filename=stored.name, content_type=stored.content_type)


@require_POST
@login_required
def mapping_review(request, pk):
    mapping = object_or_404(Mapping.objects.select_related("evidence__portfolio__enrolment__cohort"), pk=pk)
    evidence = get_evidence_for(request.user, mapping.evidence_id)  # 404 unless the portfolio is visible
    require_perm(request.user, "portfolio.review_cohort", evidence.portfolio.enrolment.cohort)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.mapping_review(
                mapping=mapping,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
            messages.success(request, f"{mapping.outcome.code}: {Mapping.Status(form.cleaned_data['status']).label}.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, "Choose accept or more needed.")
    return redirect("portfolio:evidence", pk=mapping.evidence_id)


@require_POST
@login_required
def portfolio_submit(request):
    portfolio = _own_portfolio(request)
    if portfolio is None:
        raise PermissionDenied
    if services.portfolio_submit(portfolio=portfolio):
        messages.success(request, "Submitted for assessment. It is read-only until your tutor returns it.")
    return redirect("portfolio:mine")


@require_POST
@login_required
def portfolio_return(request, pk):
    portfolio = get_portfolio_for(request.user, pk)
    require_perm(request.user, "portfolio.review_cohort", portfolio.enrolment.cohort)
    if services.portfolio_return(portfolio=portfolio, by=request.user):
        messages.success(request, f"Returned to {portfolio.enrolment.participant.full_name}; they can edit again.")
    return redirect("portfolio:portfolio", pk=pk)


@require_GET
@login_required
def cohort_coverage(request, cohort_pk):
    cohort = get_cohort_for(request.user, cohort_pk)
    first = Portfolio.objects.filter(enrolment__cohort=cohort).values_list("framework_id", flat=True).first()
    heatmap = cohort_heatmap(cohort, first) if first else None
    return render(request, "portfolio/cohort_coverage.html", {"cohort": cohort, "heatmap": heatmap})


@require_POST
@login_required
def portfolio_export(request, pk, kind):
    """Ask for the PDF or the ZIP; a worker prepares it and the next page shows progress."""
    portfolio = get_portfolio_for(request.user, pk)
    if kind not in EXPORTS:
        raise Http404
    name = EXPORTS[kind][0].format(name=portfolio.enrolment.participant.full_name)
    with transaction.atomic():
        stored = stored_file_request(
            by=request.user,
            kind=f"portfolio-{kind}",
            name=name,
            task=render_portfolio_export.name,
            task_kwargs={"portfolio_id": portfolio.pk, "kind": kind},
        )
        enrolment = portfolio.enrolment
        download_record(
            provider_id=enrolment.cohort.provider_id,
            by=request.user,
            what=f"the portfolio as {kind.upper()}",
            obj=portfolio,
            about=enrolment.participant,
            label=name,
        )
    return redirect("files:status", pk=stored.pk)
