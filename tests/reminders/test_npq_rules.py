"""The NPQ's reminders fire on their milestones and not the day before or after: the case study's window
opening and closing, engagement below the threshold four weeks before the window, and the last days to appeal."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from assessment import services as assessment
from assessment.models import Appeal, Submission
from curriculum import services as curriculum
from tests import factories

from .conftest import LONDON, fires_only_on, sweep_on

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def window(cast):
    """A case study for cohort A1 whose window opens at 09:00 on 5 March 2027 and closes at 17:00 on 13 March."""
    component = assessment.component_create(programme=cast.cohort_a1.programme, title="Case study", kind="case_study")
    return assessment.window_save(
        cohort=cast.cohort_a1, component=component, opens_at=dt.datetime(2027, 3, 5, 9, tzinfo=LONDON),
        closes_at=dt.datetime(2027, 3, 13, 17, tzinfo=LONDON), brief="The brief.", by=cast.admin_a,
    )  # fmt: skip


@pytest.mark.parametrize(("day", "milestone"), [(D(2027, 2, 26), "1w"), (D(2027, 3, 5), "day")])
def test_the_window_opening(cast, window, day, milestone):
    stored = fires_only_on(day, "window_opens")
    assert {(r.to, r.milestone) for r in stored} == {(cast.participant_a1.email, milestone)}
    assert "09:00 on 5 March 2027" in stored[0].body and "17:00 on 13 March 2027" in stored[0].body


def test_the_window_closing_reminds_only_those_who_have_not_handed_in(cast, window):
    other = factories.EnrolmentFactory(cohort=cast.cohort_a1)
    submission = Submission(enrolment=other, component=window.component, window=window, file_name="c.pdf",
                            content_type="application/pdf")  # fmt: skip
    submission.file.save("c.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    stored = fires_only_on(D(2027, 3, 11), "window_closes")
    assert {r.to for r in stored} == {cast.participant_a1.email}
    assert "closes in 2 days" in stored[0].subject


def test_engagement_below_the_threshold_four_weeks_before_the_window(cast, window):
    framework = curriculum.framework_load(provider=cast.provider_a, by=cast.admin_a)
    curriculum.plan_save(programme=cast.cohort_a1.programme, framework=framework, self_study_minimum_percent=90,
                         gates_assessment=True, by=cast.admin_a)  # fmt: skip
    engaged = factories.EnrolmentFactory(cohort=cast.cohort_a1).participant
    from cohorts.models import Attendance

    for day in cast.cohort_a1.days.filter(number__gt=0):
        Attendance.objects.create(day=day, participant=engaged, status="present")
    stored = fires_only_on(D(2027, 2, 5), "engagement_low")
    assert {r.to for r in stored} == {cast.participant_a1.email}  # the one who attended nothing
    assert "sessions attended: 0 of 2 (0%)" in stored[0].body


def test_the_last_days_to_appeal(cast, window):
    released = dt.datetime(2027, 3, 20, 12, tzinfo=LONDON)
    submission = Submission(enrolment=cast.participant_a1.enrolments.get(), component=window.component,
                            window=window, file_name="c.pdf", content_type="application/pdf", status="released",
                            passed=False, released_at=released)  # fmt: skip
    submission.file.save("c.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
    stored = fires_only_on(D(2027, 3, 27), "appeal_deadline")  # last day 30 March (10 days), 3 days before
    assert "30 March 2027" in stored[0].subject
    Appeal.objects.create(submission=submission, grounds="Unfair.")
    assert [r for r in sweep_on(D(2027, 3, 27)) if r.rule == "appeal_deadline" and r.pk != stored[0].pk] == []
