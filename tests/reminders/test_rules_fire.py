"""Each rule fires on its milestone and not the day before or after, through the beat task, in travelled time."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from assessment import services as assessment
from assessment.models import Extension
from enrolment.models import Declaration, Enrolment
from enrolment.services.declarations import declaration_issue
from portfolio.models import Framework, Mapping
from portfolio.services import portfolio_for
from tests import factories

from .conftest import LONDON, fires_only_on, sweep_on

D = dt.date
pytestmark = pytest.mark.django_db


def _deadline(enrolment, day):
    # The deadline itself is computed from the profile (tested in tests/enrolment); here only its date matters.
    Enrolment.objects.filter(pk=enrolment.pk).update(statutory_deadline=day)


@pytest.mark.parametrize(
    ("day", "milestone", "copied"),
    [
        (D(2026, 8, 31), "12m", False),
        (D(2027, 2, 28), "6m", False),  # 31 August less six months: the end of February
        (D(2027, 5, 31), "3m", True),
        (D(2027, 7, 31), "1m", True),
        (D(2027, 8, 24), "1w", True),
        (D(2027, 8, 31), "day", True),
    ],
)
def test_statutory_deadline_milestones(cast, enrolment_a1, day, milestone, copied):
    _deadline(enrolment_a1, D(2027, 8, 31))
    stored = fires_only_on(day, "statutory_deadline")
    assert {r.milestone for r in stored} == {milestone}
    recipients = {r.to for r in stored}
    expected = {cast.participant_a1.email} | ({"head@school.example", cast.admin_a.email} if copied else set())
    assert recipients == expected
    assert cast.admin_b.email not in recipients
    participant = next(r for r in stored if r.to == cast.participant_a1.email)
    assert "31 August 2027" in participant.subject
    assert participant.recipient == cast.participant_a1


@pytest.mark.parametrize(("day", "milestone"), [(D(2026, 10, 30), "over-1m"), (D(2027, 3, 30), "over-6m")])
def test_overdue_reminders_are_monthly_to_all_three(cast, enrolment_a1, day, milestone):
    _deadline(enrolment_a1, D(2026, 9, 30))
    stored = fires_only_on(day, "statutory_overdue")
    assert {r.milestone for r in stored} == {milestone}
    assert {r.to for r in stored} == {cast.participant_a1.email, "head@school.example", cast.admin_a.email}


def test_no_statutory_reminder_once_the_award_is_complete(cast, enrolment_a1):
    _deadline(enrolment_a1, D(2027, 8, 31))
    Enrolment.objects.filter(pk=enrolment_a1.pk).update(status=Enrolment.Status.COMPLETED)
    assert [r for r in sweep_on(D(2027, 5, 31)) if r.rule == "statutory_deadline"] == []


@pytest.fixture
def component(cast):
    component = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    assessment.due_date_set(component=component, cohort=cast.cohort_a1, due_on=D(2027, 3, 15), by=cast.admin_a)
    return component


@pytest.mark.parametrize(
    ("day", "rule", "milestone"),
    [
        (D(2027, 3, 1), "due_date", "14d"),
        (D(2027, 3, 12), "due_date", "3d"),
        (D(2027, 3, 16), "due_date_missed", "1d-after"),
    ],
)
def test_due_date_milestones(cast, component, day, rule, milestone):
    stored = fires_only_on(day, rule)
    assert [(r.to, r.milestone) for r in stored] == [(cast.participant_a1.email, milestone)]
    assert "Assignment 1" in stored[0].subject and "15 March 2027" in stored[0].subject


def test_nothing_about_a_due_date_once_work_is_submitted(cast, component):
    with time_machine.travel(dt.datetime(2027, 3, 2, 12, tzinfo=LONDON)):
        factories.hand_in(cast.participant_a1.enrolments.get(), component)
    assert [r for r in sweep_on(D(2027, 3, 12)) + sweep_on(D(2027, 3, 16)) if r.rule.startswith("due_date")] == []


def test_an_extension_moves_the_participants_reminders(cast, component):
    enrolment = cast.participant_a1.enrolments.get()
    Extension.objects.create(
        enrolment=enrolment, component=component, until=D(2027, 4, 1), reason="Illness", status="approved"
    )
    assert [r for r in sweep_on(D(2027, 3, 12)) if r.rule == "due_date"] == []  # not the cohort's date
    stored = fires_only_on(D(2027, 3, 29), "due_date")
    assert "1 April 2027" in stored[0].subject
    fires_only_on(D(2027, 4, 2), "due_date_missed")


def test_teaching_day_reminders_carry_the_place_and_a_calendar_file(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    day = factories.TeachingDayFactory(cohort=cast.cohort_a1, number=5, date=D(2027, 1, 20))
    factories.TeachingDayFactory(cohort=cast.cohort_a2, number=5, date=D(2027, 1, 20))
    from cohorts.services import catch_up_book

    catch_up_book(participant=cast.participant_a2, home_cohort=cast.cohort_a2, day=day, by=cast.admin_a)

    assert {r.milestone for r in fires_only_on(D(2027, 1, 13), "teaching_day")} == {"1w"}
    with django_capture_on_commit_callbacks(execute=True):
        stored = fires_only_on(D(2027, 1, 19), "teaching_day")
    mine = [r for r in stored if r.to == cast.participant_a1.email and "A1" in r.subject]
    assert len(mine) == 1 and "Wednesday 20 January 2027" in mine[0].subject
    assert "https://classroom.example.org/room" in mine[0].body
    assert any(r.to == cast.participant_a2.email and "A1" in r.subject for r in stored)  # catching up on A1

    sent = next(m for m in mailoutbox if m.to == [cast.participant_a1.email] and "A1" in m.subject)
    filename, content, mimetype = sent.attachments[0]
    assert mimetype == "text/calendar" and filename.endswith(".ics")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").date() == D(2027, 1, 20)


def test_declaration_chasers_after_7_and_14_days(cast, enrolment_a1):
    Enrolment.objects.filter(pk=enrolment_a1.pk).update(status=Enrolment.Status.AWAITING_DECLARATION)
    with time_machine.travel(dt.datetime(2026, 12, 1, 15, tzinfo=LONDON)):
        declaration_issue(enrolment=enrolment_a1)
    first = fires_only_on(D(2026, 12, 8), "declaration_chase")
    assert [(r.to, r.milestone) for r in first] == [("head@school.example", "7d")]
    assert "/declaration/" in first[0].body and "1 December 2026" in first[0].body
    fires_only_on(D(2026, 12, 15), "declaration_chase")


def test_no_chaser_once_the_declaration_is_uploaded(cast, enrolment_a1):
    with time_machine.travel(dt.datetime(2026, 12, 1, 15, tzinfo=LONDON)):
        declaration = declaration_issue(enrolment=enrolment_a1)
    Declaration.objects.filter(pk=declaration.pk).update(status=Declaration.Status.UPLOADED)
    assert [r for r in sweep_on(D(2026, 12, 8)) if r.rule == "declaration_chase"] == []


def test_portfolio_gaps_three_months_before_the_component(cast, component):
    outcomes = list(Framework.objects.filter(published=True).first().outcomes.order_by("code")[:3])
    component.outcomes.set(outcomes)
    component.due_dates.update(due_on=D(2027, 6, 15))
    enrolment = cast.participant_a1.enrolments.get()
    evidence = factories.EvidenceFactory(portfolio=portfolio_for(enrolment))
    Mapping.objects.create(evidence=evidence, outcome=outcomes[0], justification="x", status=Mapping.Status.ACCEPTED)
    Mapping.objects.create(evidence=evidence, outcome=outcomes[1], justification="x", status=Mapping.Status.PROPOSED)

    stored = fires_only_on(D(2027, 3, 15), "portfolio_gaps")
    assert len(stored) == 1
    assert stored[0].subject.startswith("National Award: 2 outcomes")
    assert outcomes[1].code in stored[0].body and outcomes[2].code in stored[0].body
    assert f" {outcomes[0].code}," not in stored[0].body


def test_marking_reminder_seven_days_after_allocation(cast, component):
    submission = factories.hand_in(cast.participant_a1.enrolments.get(), component, today=D(2027, 2, 1))
    with time_machine.travel(dt.datetime(2027, 2, 1, 11, tzinfo=LONDON)):
        assessment.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    stored = fires_only_on(D(2027, 2, 8), "marking_overdue")
    assert [(r.to, r.subject) for r in stored] == [
        (cast.tutor_a1.email, "National Award: 1 pieces of Assignment 1 still to mark — NASENCO Portal")
    ]
