"""The reflective journal and the self-evaluation, with its chart of movement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cohorts.selectors import timetable_of

from . import services
from .forms import JournalForm, SelfEvaluationForm
from .models import Outcome, SelfEvaluation
from .selectors import get_portfolio_for, is_owner, self_evaluation_chart
from .views import _own_portfolio


@require_http_methods(["GET", "POST"])
@login_required
def journal(request, pk=None):
    portfolio = get_portfolio_for(request.user, pk) if pk else _own_portfolio(request)
    if portfolio is None:
        raise PermissionDenied
    owner = is_owner(request.user, portfolio)
    form = JournalForm(request.POST or None, days=timetable_of(portfolio.enrolment.cohort)) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.journal_add(portfolio=portfolio, fields=form.cleaned_data)
            except (ValidationError, services.PortfolioLocked) as refused:
                form.add_error(None, " ".join(getattr(refused, "messages", [str(refused)])))
            else:
                messages.success(request, "Journal entry saved.")
                return redirect("portfolio:journal")
    entries = portfolio.journal.select_related("teaching_day")
    return render(
        request, "portfolio/journal.html", {"portfolio": portfolio, "owner": owner, "form": form, "entries": entries}
    )


@require_http_methods(["GET", "POST"])
@login_required
def self_evaluation(request, pk=None):
    portfolio = get_portfolio_for(request.user, pk) if pk else _own_portfolio(request)
    if portfolio is None:
        raise PermissionDenied
    owner = is_owner(request.user, portfolio)
    stage = request.GET.get("stage") or request.POST.get("stage") or SelfEvaluation.Stage.START
    if stage not in SelfEvaluation.Stage.values:
        stage = SelfEvaluation.Stage.START
    outcomes = Outcome.objects.filter(framework=portfolio.framework).order_by("part__order", "order")
    current = dict(portfolio.self_evaluations.filter(stage=stage).values_list("outcome_id", "rating"))
    form = SelfEvaluationForm(request.POST or None, outcomes=outcomes, current=current) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = services.self_evaluation_save(portfolio=portfolio, stage=stage, ratings=form.ratings())
            except (ValidationError, services.PortfolioLocked) as refused:
                form.add_error(None, " ".join(getattr(refused, "messages", [str(refused)])))
            else:
                messages.success(request, f"{saved} rating{'s' if saved != 1 else ''} saved for the {stage}.")
                return redirect(f"{request.path}?stage={stage}")
    return render(
        request,
        "portfolio/self_evaluation.html",
        {
            "portfolio": portfolio,
            "owner": owner,
            "form": form,
            "stage": stage,
            "stages": SelfEvaluation.Stage.choices,
            "chart": self_evaluation_chart(portfolio),
        },
    )
