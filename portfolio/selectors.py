"""Reads that decide who sees which portfolio, and the coverage arithmetic."""

from django.db.models import Q, QuerySet

from cohorts.selectors import cohorts_visible_to
from nasenco.access import object_or_404

from .models import Evidence, Framework, Mapping, Outcome, Part, Portfolio, SelfEvaluation


def portfolios_visible_to(user) -> QuerySet[Portfolio]:
    """Your own portfolio; and, for staff, the portfolios in the cohorts you run or teach."""
    if not user.is_authenticated:
        return Portfolio.objects.none()
    return Portfolio.objects.filter(
        Q(enrolment__participant=user) | Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk"))
    ).select_related("enrolment__participant", "enrolment__cohort__provider", "framework")


def portfolio_of(enrolment) -> Portfolio | None:
    """The portfolio of a place, if it has been opened; reads only."""
    return (
        Portfolio.objects.filter(enrolment=enrolment)
        .select_related("enrolment__participant", "enrolment__cohort", "framework")
        .first()
    )


def get_portfolio_for(user, pk) -> Portfolio:
    return object_or_404(portfolios_visible_to(user), pk=pk)


def get_evidence_for(user, pk) -> Evidence:
    return object_or_404(
        Evidence.objects.filter(portfolio__in=portfolios_visible_to(user).values("pk")).select_related(
            "portfolio__enrolment__participant", "portfolio__enrolment__cohort", "portfolio__framework"
        ),
        pk=pk,
    )


def is_owner(user, portfolio: Portfolio) -> bool:
    return portfolio.enrolment.participant_id == user.pk


def coverage(portfolio: Portfolio) -> dict:
    """Per part and overall: which outcomes have accepted evidence. Three queries whatever the size."""
    parts = list(Part.objects.filter(framework_id=portfolio.framework_id).order_by("order"))
    outcomes = list(Outcome.objects.filter(framework_id=portfolio.framework_id).order_by("part__order", "order"))
    accepted: dict[int, list[str]] = {}
    for outcome_id, title in (
        Mapping.objects.filter(evidence__portfolio=portfolio, status=Mapping.Status.ACCEPTED)
        .order_by()
        .values_list("outcome_id", "evidence__title")
    ):
        accepted.setdefault(outcome_id, []).append(title)
    rows = []
    for part in parts:
        mine = [o for o in outcomes if o.part_id == part.pk]
        met = [o for o in mine if o.pk in accepted]
        rows.append(
            {
                "part": part,
                "outcomes": [{"outcome": o, "evidence": accepted.get(o.pk, [])} for o in mine],
                "met": len(met),
                "total": len(mine),
                "percent": round(100 * len(met) / len(mine)) if mine else 0,
            }
        )
    met = sum(r["met"] for r in rows)
    total = sum(r["total"] for r in rows)
    return {"parts": rows, "met": met, "total": total, "percent": round(100 * met / total) if total else 0}


def cohort_heatmap(cohort, framework_id) -> dict:
    """Participants × outcomes for a cohort: how many accepted items evidence each, and how many wait for
    review (shown apart, so a tutor sees work to review, not a gap). Three queries."""
    outcomes = list(
        Outcome.objects.filter(framework_id=framework_id).select_related("part").order_by("part__order", "order")
    )
    portfolios = list(
        Portfolio.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__participant")
        .order_by("enrolment__participant__full_name")
    )
    counts: dict[tuple[int, int], int] = {}
    waiting: dict[tuple[int, int], int] = {}
    for portfolio_id, outcome_id, status in (
        Mapping.objects.filter(
            evidence__portfolio__in=[p.pk for p in portfolios],
            status__in=(Mapping.Status.ACCEPTED, Mapping.Status.PROPOSED),
        )
        .order_by()
        .values_list("evidence__portfolio_id", "outcome_id", "status")
    ):
        tally = counts if status == Mapping.Status.ACCEPTED else waiting
        tally[(portfolio_id, outcome_id)] = tally.get((portfolio_id, outcome_id), 0) + 1
    rows = []
    for portfolio in portfolios:
        cells = [
            {
                "outcome": o,
                "count": counts.get((portfolio.pk, o.pk), 0),
                "waiting": waiting.get((portfolio.pk, o.pk), 0),
            }
            for o in outcomes
        ]
        met = sum(1 for c in cells if c["count"])
        rows.append(
            {
                "portfolio": portfolio,
                "cells": cells,
                "met": met,
                "percent": round(100 * met / len(outcomes)) if outcomes else 0,
            }
        )
    gaps = [
        {"outcome": o, "missing": sum(1 for r in rows if not r["cells"][i]["count"])} for i, o in enumerate(outcomes)
    ]
    return {"outcomes": outcomes, "rows": rows, "gaps": gaps}


def self_evaluation_chart(portfolio: Portfolio) -> list[dict]:
    """Per outcome: the ratings at each stage, and points for a small line chart (x by stage, y by rating)."""
    stages = [s for s, _ in SelfEvaluation.Stage.choices]
    ratings = {
        (outcome_id, stage): rating
        for outcome_id, stage, rating in SelfEvaluation.objects.filter(portfolio=portfolio).values_list(
            "outcome_id", "stage", "rating"
        )
    }
    rows = []
    for outcome in Outcome.objects.filter(framework_id=portfolio.framework_id).order_by("part__order", "order"):
        values = [ratings.get((outcome.pk, stage)) for stage in stages]
        points = [(20 + 60 * i, 44 - 10 * v) for i, v in enumerate(values) if v]
        rows.append(
            {
                "outcome": outcome,
                "values": values,
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dots": points,
                "summary": ", ".join(f"{stage} {v}" for stage, v in zip(stages, values, strict=True) if v)
                or "not rated yet",
            }
        )
    return rows


def framework_for(qualification: str):
    """The newest published framework for a qualification (falling back to any), or None."""
    return (
        Framework.objects.filter(published=True, qualification=qualification).order_by("-version").first()
        or Framework.objects.filter(published=True).order_by("-version").first()
    )
