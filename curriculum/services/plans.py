"""A programme's plan: the framework version it delivers, its self-study threshold, what each session and
self-study unit teaches."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cohorts.services import activity_record

from ..models import Plan, Session, Statement, Unit


def _check_statements(plan: Plan, statements) -> list[Statement]:
    statements = list(statements)
    if any(s.area.framework_id != plan.framework_id for s in statements):
        raise ValidationError("Choose statements of the framework this programme delivers.")
    return statements


@transaction.atomic
def plan_save(*, programme, framework, self_study_minimum_percent: int, gates_assessment: bool, by) -> Plan:
    if framework.provider_id != programme.provider_id:
        raise ValidationError({"framework": "Choose one of this provider's frameworks."})
    plan = Plan.objects.select_for_update().filter(programme=programme).first()
    if plan is not None and plan.framework_id != framework.pk and (plan.sessions.exists() or plan.units.exists()):
        # The mapping names statements of the old version: carry it over by number where the new one has them.
        _remap(plan, framework)
    old = (plan.framework_id, plan.self_study_minimum_percent, plan.gates_assessment) if plan else None
    plan = plan or Plan(programme=programme)
    plan.framework, plan.self_study_minimum_percent = framework, self_study_minimum_percent
    plan.gates_assessment = gates_assessment
    plan.save()
    activity_record(
        provider_id=programme.provider_id,
        by=by,
        action="curriculum.plan",
        summary=f"{programme.title} delivers {framework}; self-study to complete {self_study_minimum_percent}%",
        obj=programme,
        label=programme.title,
        changes={"plan": [list(old) if old else None, [framework.pk, self_study_minimum_percent, gates_assessment]]},
    )
    return plan


def _remap(plan: Plan, framework) -> None:
    new = {
        (s.area.number, s.kind, s.number): s
        for s in Statement.objects.filter(area__framework=framework).select_related("area")
    }
    for mapped in [*plan.sessions.all(), *plan.units.all()]:
        old = mapped.statements.select_related("area")
        mapped.statements.set([new[k] for k in ((s.area.number, s.kind, s.number) for s in old) if k in new])


@transaction.atomic
def session_save(*, plan: Plan, number: int, statements, by) -> Session:
    statements = _check_statements(plan, statements)
    session, _ = Session.objects.get_or_create(plan=plan, number=number)
    session.statements.set(statements)
    activity_record(
        provider_id=plan.programme.provider_id,
        by=by,
        action="curriculum.session",
        summary=f"{session} of {plan.programme.title} teaches {len(statements)} statement(s)",
        obj=plan.programme,
        label=plan.programme.title,
        changes={"statements": [None, sorted(s.code for s in statements)]},
    )
    return session


@transaction.atomic
def unit_save(*, plan: Plan, title: str, minutes: int, link: str, statements, by, unit: Unit | None = None) -> Unit:
    statements = _check_statements(plan, statements)
    if unit is None:
        last = plan.units.order_by("-number").first()
        unit = Unit(plan=plan, number=(last.number + 1) if last else 1)
    old = unit.title
    unit.title, unit.minutes, unit.link = title, minutes, link
    unit.save()
    unit.statements.set(statements)
    activity_record(
        provider_id=plan.programme.provider_id,
        by=by,
        action="curriculum.unit",
        summary=f"{'Changed' if old else 'Added'} self-study {unit} of {plan.programme.title}",
        obj=plan.programme,
        label=plan.programme.title,
        changes={"title": [old, title]},
    )
    return unit
