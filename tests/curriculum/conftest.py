import pytest

from cohorts.models import Attendance
from curriculum import services


@pytest.fixture
def curriculum(cast):
    """Provider A's copy of DfE's framework delivered by cohort A1's programme: 90% of sessions and 90% of
    self-study, Day 1 teaching statement 1.1a and ten units each teaching 1.1b."""
    framework = services.framework_load(provider=cast.provider_a, by=cast.admin_a)
    programme = cast.cohort_a1.programme
    programme.minimum_attendance_percent = 90
    programme.save()
    plan = services.plan_save(
        programme=programme, framework=framework, self_study_minimum_percent=90, gates_assessment=True, by=cast.admin_a
    )
    area = framework.areas.get(number=1)
    that, how = area.statements.get(kind="that", number=1), area.statements.get(kind="how", number=1)
    services.session_save(plan=plan, number=1, statements=[that], by=cast.admin_a)
    units = [
        services.unit_save(plan=plan, title=f"Unit {n}", minutes=30, link="", statements=[how], by=cast.admin_a)
        for n in range(1, 11)
    ]
    plan.units_made = units
    return plan


def attend(cohort, person, *, numbers=(1, 2), status=Attendance.Status.PRESENT):
    for number in numbers:
        Attendance.objects.update_or_create(
            day=cohort.days.get(number=number), participant=person, defaults={"status": status}
        )


def complete(plan, person, count: int, *, by=None):
    for unit in plan.units.order_by("number")[:count]:
        services.completion_mark(unit=unit, participant=person, done=True, by=by or person)
