import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reminders.models import Reminder
from reminders.tasks import daily_sweep

LONDON = ZoneInfo("Europe/London")


def sweep_on(day: dt.date) -> list[Reminder]:
    """Travel to 06:30 on ``day``, when beat runs the sweep, run the beat task and return what it stored."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(6, 30), tzinfo=LONDON), tick=False):
        daily_sweep()
    return list(Reminder.objects.filter(sweep_date=day).order_by("key"))


def fires_only_on(day: dt.date, rule: str) -> list[Reminder]:
    """The rule stores nothing the day before or the day after ``day``; returns what it stored on ``day``."""
    before = [r for r in sweep_on(day - dt.timedelta(days=1)) if r.rule == rule]
    on = [r for r in sweep_on(day) if r.rule == rule]
    after = [r for r in sweep_on(day + dt.timedelta(days=1)) if r.rule == rule]
    assert before == [], f"{rule} fired the day before {day}: {[r.key for r in before]}"
    assert after == [], f"{rule} fired the day after {day}: {[r.key for r in after]}"
    assert on, f"{rule} did not fire on {day}"
    return on


@pytest.fixture
def enrolment_a1(cast):
    enrolment = cast.participant_a1.enrolments.get()
    enrolment.headteacher_name = "Ms Head"
    enrolment.headteacher_email = "head@school.example"
    enrolment.save()
    return enrolment
