"""The school-based reminders fire on their milestones only, through the beat task in travelled time."""

import datetime as dt

import pytest
import time_machine

from assessment.models import Component, DueDate
from schools import services
from tests.reminders.conftest import LONDON, fires_only_on

from .helpers import confirm_all, make_booklet, place_a1, record_all

pytestmark = pytest.mark.django_db
D = dt.date


def _at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=LONDON), tick=False)


def test_the_mentor_is_reminded_14_days_after_items_wait(cast):
    with _at(D(2026, 3, 2)):
        record_all(cast, make_booklet(cast.cohort_a1.programme))
    stored = fires_only_on(D(2026, 3, 16), "booklet_confirm")
    assert [(r.to, r.milestone) for r in stored] == [(cast.mentor_a1.email, "14d")]
    assert "2 items wait for you" in stored[0].subject


def test_the_head_is_reminded_7_and_14_days_after_the_booklet_is_complete_until_signed(cast):
    place = place_a1(cast)
    with _at(D(2026, 3, 2)):
        confirm_all(cast, record_all(cast, make_booklet(cast.cohort_a1.programme)))
    seven = fires_only_on(D(2026, 3, 9), "booklet_signoff")
    assert [(r.to, r.milestone) for r in seven] == [("head@meadow.example", "7d")]
    with _at(D(2026, 3, 10)):
        services.booklet_sign(
            enrolment=place, head_email="head@meadow.example", name="Ms Head", role="Headteacher", confirmed=True
        )
    from tests.reminders.conftest import sweep_on

    assert not [r for r in sweep_on(D(2026, 3, 16)) if r.rule == "booklet_signoff"]  # signed: no 14-day one


def test_the_participant_is_reminded_3_months_before_an_incomplete_booklet_is_due(cast):
    component = Component.objects.create(
        programme=cast.cohort_a1.programme, title="Performance booklet", kind=Component.Kind.BOOKLET
    )
    DueDate.objects.create(component=component, cohort=cast.cohort_a1, due_on=D(2026, 9, 30))
    with _at(D(2026, 3, 2)):
        services.entry_confirm(entry=record_all(cast, make_booklet(cast.cohort_a1.programme))[0], by=cast.mentor_a1)
    stored = fires_only_on(D(2026, 6, 30), "booklet_incomplete")
    assert [r.to for r in stored] == [cast.participant_a1.email]
    assert "1 of 2 items confirmed" in stored[0].subject


def test_a_mentor_with_work_to_mark_finds_it_on_the_dashboard_and_the_reminder_points_there(client, cast):
    component = Component.objects.create(
        programme=cast.cohort_a1.programme, title="Portfolio", kind=Component.Kind.PASS_FAIL, mentor_marks=True
    )
    from tests import factories

    with _at(D(2026, 3, 2)):
        submission = factories.hand_in(cast.participant_a1.enrolments.get(), component, today=D(2026, 3, 2))
    client.force_login(cast.mentor_a1)
    dashboard = client.get("/").content.decode()
    assert "Work for you to mark" in dashboard and f"/assessment/submissions/{submission.pk}/mark/" in dashboard
    stored = fires_only_on(D(2026, 3, 9), "marking_overdue")
    assert [r.to for r in stored] == [cast.mentor_a1.email]
    assert stored[0].link.endswith("/") and "/assessment/cohort/" not in stored[0].link
