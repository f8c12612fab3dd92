"""Reads: frameworks a provider's admins may change, a programme's plan, a cohort's coverage report and its
participants' engagement. Each in a fixed number of queries, whatever the size of the cohort or framework."""

from django.db.models import Count, QuerySet

from cohorts.models import Cohort
from cohorts.selectors import administered_provider_ids, attendance_summary, cohorts_examined_by, cohorts_visible_to
from nasenco.access import object_or_404, require_perm

from .engagement import Engagement
from .models import Completion, Framework, Plan, Session, Statement, Unit


def frameworks_administered_by(user) -> QuerySet[Framework]:
    return Framework.objects.filter(provider_id__in=administered_provider_ids(user)).select_related("provider")


def get_framework_for(user, pk, *, write: bool = False) -> Framework:
    """404 to anyone who does not run the framework's provider."""
    framework = object_or_404(frameworks_administered_by(user), pk=pk)
    if write:
        require_perm(user, "curriculum.change_framework", framework)
    return framework


def framework_in_use(framework: Framework) -> bool:
    """A version a programme delivers is frozen: changing it would rewrite what cohorts were taught."""
    return framework.plans.exists()


def areas_of(framework: Framework) -> list:
    """The framework's areas, each with its statements (two queries)."""
    areas = list(framework.areas.all())
    by_area: dict[int, list] = {}
    for statement in Statement.objects.filter(area__framework=framework).select_related("area"):
        by_area.setdefault(statement.area_id, []).append(statement)
    for area in areas:
        area.statement_list = by_area.get(area.pk, [])
    return areas


def plan_of(programme) -> Plan | None:
    return Plan.objects.filter(programme=programme).select_related("framework", "programme").first()


def units_of(plan: Plan | None) -> list[Unit]:
    if plan is None:
        return []
    return list(plan.units.prefetch_related("statements__area"))


def sessions_of(plan: Plan) -> dict[int, set[int]]:
    """{day number: statement ids} of the plan's sessions."""
    mapped: dict[int, set[int]] = {}
    for number, statement_id in Session.statements.through.objects.filter(session__plan=plan).values_list(
        "session__number", "statement_id"
    ):
        mapped.setdefault(number, set()).add(statement_id)
    return mapped


def coverage_of(cohort) -> dict | None:
    """Every statement of the framework the cohort's programme delivers, where this cohort is taught it (its
    own sessions, with dates, and self-study units) and whether it is a gap. None without a plan."""
    plan = plan_of(cohort.programme)
    if plan is None:
        return None
    days = {day.number: day for day in cohort.days.all()}
    taught: dict[int, list] = {}
    unplaced: dict[int, list] = {}
    for number, statement_ids in sorted(sessions_of(plan).items()):
        for statement_id in statement_ids:
            if number in days:
                taught.setdefault(statement_id, []).append(days[number])
            else:  # mapped to a session this cohort's timetable does not have
                unplaced.setdefault(statement_id, []).append(number)
    studied: dict[int, list] = {}
    for unit in plan.units.prefetch_related("statements"):
        for statement in unit.statements.all():
            studied.setdefault(statement.pk, []).append(unit)
    areas = areas_of(plan.framework)
    total = gaps = 0
    for area in areas:
        area.rows = []
        for statement in area.statement_list:
            row = {
                "statement": statement,
                "days": taught.get(statement.pk, []),
                "units": studied.get(statement.pk, []),
                "missing_days": unplaced.get(statement.pk, []),
            }
            row["gap"] = not row["days"] and not row["units"]
            total += 1
            gaps += row["gap"]
            area.rows.append(row)
        area.gaps = sum(1 for row in area.rows if row["gap"])
    return {"plan": plan, "areas": areas, "total": total, "gaps": gaps, "covered": total - gaps}


def _completed(plan: Plan | None, participant_ids) -> dict[int, int]:
    if plan is None:
        return {}
    return dict(
        Completion.objects.filter(unit__plan=plan, participant_id__in=participant_ids)
        .order_by()
        .values_list("participant_id")
        .annotate(n=Count("pk"))
        .values_list("participant_id", "n")
    )


def engagement_of(cohort, *, today=None, plan=...) -> list[dict]:
    """Per participant of the cohort: their attendance row (as the registers give it) and their engagement
    against the programme's thresholds. A fixed number of queries, whatever the cohort's size."""
    if plan is ...:
        plan = plan_of(cohort.programme)
    attendance = attendance_summary(cohort, today=today)
    units = plan.units.count() if plan else 0
    done = _completed(plan, [row["participant"].pk for row in attendance])
    return [
        {
            **row,
            "engagement": Engagement(
                attended=row["attended"],
                days=row["total"],
                attendance_minimum=cohort.programme.minimum_attendance_percent,
                units_done=done.get(row["participant"].pk, 0),
                units=units,
                self_study_minimum=plan.self_study_minimum_percent if plan else 0,
            ),
        }
        for row in attendance
    ]


def engagement_by_place(places, *, today=None) -> dict[int, Engagement]:
    """{place id: engagement} for places on any cohorts whose programme has a plan: one query for the plans,
    then one engagement report per such cohort."""
    plans = {
        plan.programme_id: plan
        for plan in Plan.objects.filter(programme_id__in={p.cohort.programme_id for p in places}).select_related(
            "framework"
        )
    }
    by_cohort: dict = {}
    for place in places:
        if place.cohort.programme_id in plans:
            by_cohort.setdefault(place.cohort, []).append(place)
    result = {}
    for cohort, members in by_cohort.items():
        engagement = engagement_of(cohort, today=today, plan=plans[cohort.programme_id])
        rows = {row["participant"].pk: row["engagement"] for row in engagement}
        for place in members:
            if place.participant_id in rows:
                result[place.pk] = rows[place.participant_id]
    return result


def engagement_for(enrolment, *, today=None, plan=...) -> Engagement | None:
    """One place's engagement, or None when the programme has no plan (nothing to measure against)."""
    if plan is ...:
        plan = plan_of(enrolment.cohort.programme)
    if plan is None:
        return None
    for row in engagement_of(enrolment.cohort, today=today, plan=plan):
        if row["participant"].pk == enrolment.participant_id:
            return row["engagement"]
    return None


def units_for(enrolment) -> tuple[Plan | None, list[dict]]:
    """The self-study units of the participant's programme, each with their completion (or None)."""
    plan = plan_of(enrolment.cohort.programme)
    units = units_of(plan)
    completions = {
        c.unit_id: c for c in Completion.objects.filter(unit__plan=plan, participant_id=enrolment.participant_id)
    }
    return plan, [{"unit": unit, "completion": completions.get(unit.pk)} for unit in units]


def get_unit_for_participant(enrolment, pk) -> Unit:
    return object_or_404(Unit.objects.filter(plan__programme_id=enrolment.cohort.programme_id), pk=pk)


def get_cohort_for_coverage(user, pk) -> Cohort:
    """The cohort's staff, and its external examiners (what an inspector asks to see); 404 to everyone else."""
    visible = cohorts_visible_to(user).order_by().values("pk").union(cohorts_examined_by(user).order_by().values("pk"))
    cohort = object_or_404(Cohort.objects.filter(pk__in=visible).select_related("programme", "provider"), pk=pk)
    require_perm(user, "curriculum.view_coverage", cohort)
    return cohort


def assessment_refusal(enrolment, *, today=None) -> str:
    """Why the participant may not hand in work yet ("" if they may): their programme's plan gates the
    assessment on engagement and they are below a threshold."""
    plan = plan_of(enrolment.cohort.programme)
    if plan is None or not plan.gates_assessment:
        return ""
    engagement = engagement_for(enrolment, today=today, plan=plan)
    return engagement.refusal() if engagement else ""
