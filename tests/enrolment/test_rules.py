"""Eligibility and the statutory deadline, as tables of cases."""

import datetime as dt

import pytest

from enrolment.deadline import deadline_status, statutory_deadline, third_anniversary
from enrolment.eligibility import ASPIRING, DESIGNATED, EARLY_YEARS, FULL, HEADTEACHER, Facts, decide

D = dt.date
BEFORE_NPQ = D(2023, 9, 26)


@pytest.mark.parametrize(
    ("facts", "eligible", "scope", "says"),
    [
        (
            Facts("QTS", D(2015, 7, 1), True, course_starts=BEFORE_NPQ),
            True,
            FULL,
            "completed statutory induction",
        ),
        (Facts("QTS", D(1995, 7, 1), None, course_starts=BEFORE_NPQ), True, FULL, "before 7 May 1999"),
        (
            Facts("QTS", D(1999, 5, 7), False, course_starts=BEFORE_NPQ),
            False,
            None,
            "completed statutory induction",
        ),
        (
            Facts("QTLS", D(2018, 7, 1), None, course_starts=BEFORE_NPQ),
            True,
            FULL,
            "induction does not apply",
        ),
        (
            Facts("EYTS", D(2019, 7, 1), None, early_years_setting=True, course_starts=BEFORE_NPQ),
            True,
            EARLY_YEARS,
            "recognised only in the 0–5",
        ),
        (
            Facts("EYTS", D(2019, 7, 1), None, course_starts=BEFORE_NPQ),
            True,
            EARLY_YEARS,
            "not an early years setting",
        ),
        (Facts("none", course_starts=BEFORE_NPQ), False, None, "needs QTS or QTLS"),
        (
            Facts("QTS", D(2020, 7, 1), True, role=ASPIRING, course_starts=BEFORE_NPQ),
            False,
            None,
            "Ask your headteacher",
        ),
        (
            Facts("QTS", D(2020, 7, 1), True, role=ASPIRING, school_supports=True, course_starts=BEFORE_NPQ),
            True,
            FULL,
            "your school has confirmed it",
        ),
        (
            Facts("QTS", D(2022, 7, 1), False, role=HEADTEACHER, course_starts=BEFORE_NPQ),
            True,
            FULL,
            "as headteacher or acting headteacher",
        ),
        (
            Facts("QTS", D(2015, 7, 1), True, course_starts=D(2024, 9, 1)),
            False,
            None,
            "take the NPQ for SENCOs",
        ),
        (Facts("QTS", D(2015, 7, 1), True, course_starts=D(2024, 8, 31)), True, FULL, "by 31 August 2027"),
        (
            Facts("QTS", D(2015, 7, 1), True, qualification="NPQSENCO", course_starts=D(2025, 1, 9)),
            True,
            FULL,
            "qualified teacher status (QTS)",
        ),
    ],
)
def test_eligibility(facts, eligible, scope, says):
    decision = decide(facts)
    assert (decision.eligible, decision.scope) == (eligible, scope)
    text = " ".join(r.text for r in decision.reasons)
    assert says.lower() in text.lower()
    assert all(r.source for r in decision.reasons)  # every reason cites where it comes from


def test_every_blocking_reason_cites_the_regulation_or_the_transition():
    decision = decide(Facts("QTS", D(2015, 7, 1), False, role=DESIGNATED, course_starts=D(2024, 9, 2)))
    sources = " ".join(r.source for r in decision.reasons)
    assert "reg. 49(2)(b)" in sources and "SI 2024/535" in sources


@pytest.mark.parametrize(
    ("appointed", "months", "qualification", "deadline", "says"),
    [
        (D(2023, 1, 10), 0, "NASENCO", D(2026, 1, 10), "third anniversary"),
        (D(2024, 2, 29), 0, "NASENCO", D(2027, 2, 28), "third anniversary"),  # leap day
        (D(2024, 3, 1), 0, "NASENCO", D(2027, 3, 1), "third anniversary"),
        (
            D(2024, 9, 1),
            0,
            "NASENCO",
            D(2027, 8, 31),
            "only counts if completed by 31 August 2027",
        ),  # the cap
        (D(2024, 8, 31), 0, "NASENCO", D(2027, 8, 31), "third anniversary"),  # exactly the cap
        (D(2024, 9, 1), 0, "NPQSENCO", D(2027, 9, 1), "third anniversary"),  # no cap for the NPQ
        (D(2009, 9, 1), 0, "NASENCO", None, "before the requirement began"),
        (D(2009, 9, 2), 0, "NASENCO", D(2012, 9, 2), "third anniversary"),
        (D(2023, 1, 10), 12, "NASENCO", D(2026, 1, 10), "third anniversary"),  # 12 months is not more than 12
        (D(2023, 1, 10), 13, "NASENCO", None, "more than the 12 months"),
        (None, 0, "NASENCO", None, "start on the day you are appointed"),
    ],
)
def test_statutory_deadline(appointed, months, qualification, deadline, says):
    result = statutory_deadline(appointed_on=appointed, months_previously_senco=months, qualification=qualification)
    assert result.date == deadline
    assert says in result.reason
    assert result.source


def test_third_anniversary_of_a_leap_day_in_a_leap_year_stays_put():
    assert third_anniversary(D(2020, 2, 29)) == D(2023, 2, 28)
    assert third_anniversary(D(2025, 2, 28)) == D(2028, 2, 28)


@pytest.mark.parametrize(
    ("deadline", "today", "assessment_ends", "status"),
    [
        (D(2027, 8, 31), D(2026, 1, 1), None, "green"),
        (D(2027, 8, 31), D(2026, 11, 24), None, "amber"),  # under a year
        (D(2027, 8, 31), D(2027, 6, 30), None, "red"),  # under 90 days
        (D(2027, 8, 31), D(2027, 9, 1), None, "red"),  # past
        (D(2027, 8, 31), D(2025, 1, 1), D(2027, 9, 30), "red"),  # assessment ends after the deadline
        (D(2027, 8, 31), D(2025, 1, 1), D(2027, 7, 31), "amber"),  # ends a month before
    ],
)
def test_deadline_status(deadline, today, assessment_ends, status):
    result = statutory_deadline(appointed_on=deadline.replace(year=deadline.year - 3), qualification="NPQSENCO")
    assert result.date == deadline
    assert deadline_status(result, today=today, assessment_ends=assessment_ends) == status


def test_no_deadline_has_no_colour():
    assert deadline_status(statutory_deadline(appointed_on=None), today=D(2026, 1, 1)) == "none"
