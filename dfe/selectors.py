"""Reads for the DfE pages: a provider's applications and places, each behind the tenant wall (404 outside),
and the evidence the portal holds for each milestone."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from assessment.award import decide_award
from assessment.models import Award
from assessment.selectors import achievements_for
from cohorts.models import Provider
from cohorts.selectors import get_provider_administered_by
from curriculum.selectors import engagement_of
from nasenco.access import object_or_404

from . import rules
from .models import Application, Change, Declaration, Statement, Write


def provider_for(user, provider_pk) -> Provider:
    """A provider the user runs that may hold a DfE contract: a delivery partner works through its lead's."""
    provider = get_provider_administered_by(user, provider_pk)
    if provider.lead_provider_id is not None:
        raise Http404("A delivery partner's DfE records are its lead provider's.")
    return provider


def applications_of(provider: Provider) -> QuerySet[Application]:
    """With how many writes wait to go to DfE, and the last thing DfE changed (and when), for the list."""
    latest = Change.objects.filter(application=OuterRef("pk")).order_by("-seen_at", "-pk")
    return (
        Application.objects.filter(provider=provider)
        .select_related("enrolment__cohort", "person")
        .annotate(
            waiting=Count("writes", filter=Q(writes__state=Write.State.WAITING)),
            last_change=Subquery(latest.values("summary")[:1]),
            last_change_at=Subquery(latest.values("seen_at")[:1]),
        )
    )


def get_application(provider: Provider, pk) -> Application:
    return object_or_404(Application.objects.filter(provider=provider).select_related("enrolment__cohort"), pk=pk)


def get_declaration(provider: Provider, pk) -> Declaration:
    return object_or_404(
        Declaration.objects.filter(application__provider=provider).select_related("application"), pk=pk
    )


def counts_of(provider: Provider) -> dict:
    rows = Application.objects.filter(provider=provider).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def evidence_rows(provider: Provider, declaration_type: str) -> list[dict]:
    """Accepted, training participants not yet declared for ``declaration_type``, each with the evidence the
    portal holds (attendance from the registers, the award decision) and whether it is enough. One
    attendance summary per cohort, whatever the number of people."""
    applications = list(
        Application.objects.filter(
            provider=provider,
            status=Application.Status.ACCEPTED,
            training_status=Application.Training.ACTIVE,
            enrolment__isnull=False,
        )
        .exclude(  # one declaration of this type that stands (exclude() across the relation would mix two)
            pk__in=Declaration.objects.filter(declaration_type=declaration_type, state__in=Declaration.STANDING).values(
                "application_id"
            )
        )
        .select_related("enrolment__cohort__programme", "enrolment__participant")
        .order_by("full_name")
    )
    outcomes = _outcomes([a.enrolment for a in applications]) if declaration_type == "completed" else {}
    summaries = {}
    rows = []
    for application in applications:
        cohort = application.enrolment.cohort
        if cohort.pk not in summaries:
            summaries[cohort.pk] = {row["participant"].pk: row for row in engagement_of(cohort)}
        row = summaries[cohort.pk].get(application.enrolment.participant_id)
        passed, note = outcomes.get(application.enrolment_id, (None, ""))
        evidence = rules.evidence_for(
            declaration_type,
            attended=row["attended"] if row else 0,
            days=row["total"] if row else 0,
            held=row["held"] if row else 0,
            outcome=passed,
            outcome_note=note,
            units_done=row["engagement"].units_done if row else 0,
            units=row["engagement"].units if row else 0,
        )
        rows.append(
            {
                "application": application,
                "evidence": evidence,
                "dates": rules.milestone_dates(application.cohort, application.schedule, declaration_type),
            }
        )
    return rows


def _outcomes(places) -> dict:
    """Per place, the outcome the award decision gives: (True, note) once the award is confirmed, (False,
    note) when a component's final attempt was not passed, (None, what is missing) otherwise. One read of the
    achievements per cohort."""
    awards = dict(Award.objects.filter(enrolment__in=places).values_list("enrolment_id", "certificate_number"))
    by_cohort = {}
    for place in places:
        by_cohort.setdefault(place.cohort, []).append(place)
    result = {}
    for cohort, members in by_cohort.items():
        achievements = achievements_for(cohort, members)
        for place in members:
            if place.pk in awards:
                result[place.pk] = (True, f"award confirmed (certificate {awards[place.pk]})")
                continue
            failed = [c.title for c in achievements[place.pk].components if c.passed is False]
            if failed:
                result[place.pk] = (False, f"not passed: {', '.join(failed)}")
            else:
                result[place.pk] = (
                    None,
                    " ".join(decide_award(achievements[place.pk]).missing) or "award not confirmed",
                )
    return result


def statements_of(provider: Provider) -> list[dict]:
    statements = list(Statement.objects.filter(provider=provider).order_by("payment_date"))
    declarations = {}
    for declaration in Declaration.objects.filter(
        application__provider=provider, statement_dfe_id__in=[s.dfe_id for s in statements]
    ).select_related("application"):
        declarations.setdefault(declaration.statement_dfe_id, []).append(declaration)
    return [{"statement": s, "declarations": declarations.get(s.dfe_id, [])} for s in statements]
