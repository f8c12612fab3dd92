"""The statutory answer as tables of cases. Each row names the rule it checks; the edge dates are the
ones the law names (1 September 2009, 31 August / 1 September 2024, 31 August / 1 September 2027,
29 February, 7 May 1999). Nothing here reads the clock: every date is given."""

import datetime as dt

import pytest

from cohorts.models import Qualification
from enrolment.choices import DeadlineStatus, Induction, QualifiedStatus, Role, Scope, Setting
from enrolment.statute import (
    ALWAYS,
    Course,
    Facts,
    Spell,
    Terms,
    answer,
    days_as_senco,
    status_on,
    third_anniversary,
)

D = dt.date
NASENCO_2023 = Course(Qualification.NASENCO, starts=D(2023, 9, 26))  # started before 1 September 2024
NASENCO_2024 = Course(Qualification.NASENCO, starts=D(2024, 9, 1))
NPQ_2026 = Course(Qualification.NPQSENCO, starts=D(2026, 10, 1))

# A designated SENCO at a maintained school with QTS and induction completed: each row changes one thing.
TEACHER = {
    "qualified_status": QualifiedStatus.QTS,
    "qualified_on": D(2015, 7, 1),
    "induction": Induction.COMPLETED,
    "role": Role.DESIGNATED,
    "setting": Setting.MAINTAINED,
    "appointed_on": D(2025, 1, 6),
}


def facts(**changes) -> Facts:
    return Facts(**{**TEACHER, **changes})


def said(reasons) -> str:
    return " ".join(f"{r.text} [{r.source}]" for r in reasons)


@pytest.mark.parametrize(
    ("source", "changes", "course", "eligible", "scope", "says"),
    [
        ("reg. 49(2)(a),(b)", {}, NPQ_2026, True, Scope.FULL, "completed statutory induction"),
        (
            "SI 2012/1115 Sch. 1 para. 1: a qualified teacher on 7 May 1999 is exempt",
            {"qualified_on": D(1999, 5, 7), "induction": ""},
            NPQ_2026,
            True,
            Scope.FULL,
            "exempt from induction",
        ),
        (
            "reg. 49(2)(b): qualified the day after, induction required",
            {"qualified_on": D(1999, 5, 8), "induction": Induction.NOT_COMPLETED},
            NPQ_2026,
            False,
            "",
            "must have completed statutory induction",
        ),
        (
            "SI 2012/1115 Sch. 1: exempt is never 'not completed'",
            {"induction": Induction.EXEMPT, "induction_exemption": "wales"},
            NPQ_2026,
            True,
            Scope.FULL,
            "completed induction in Wales",
        ),
        (
            "an unanswered induction question is asked, not refused",
            {"induction": ""},
            NPQ_2026,
            None,
            "",
            "",
        ),
        (
            "reg. 49(2)(a): QTS through EU partial access does not count",
            {"qualified_status": QualifiedStatus.QTS_PARTIAL},
            NPQ_2026,
            False,
            "",
            "para. 8A",
        ),
        (
            "2003 regs Sch. 2: QTLS with SET membership is QTS, no induction",
            {"qualified_status": QualifiedStatus.QTLS, "set_member": True, "induction": ""},
            NPQ_2026,
            True,
            Scope.FULL,
            "Society for Education and Training",
        ),
        (
            "2003 regs Sch. 2: QTLS without SET membership is not QTS",
            {"qualified_status": QualifiedStatus.QTLS, "set_member": False},
            NPQ_2026,
            False,
            "",
            "only while you are a member",
        ),
        (
            "QTLS: membership unanswered is asked",
            {"qualified_status": QualifiedStatus.QTLS, "set_member": None},
            NPQ_2026,
            None,
            "",
            "",
        ),
        (
            "reg. 49(2)(a): EYTS is not QTS; the provider takes it with the early years scope",
            {"qualified_status": QualifiedStatus.EYTS, "induction": ""},
            NPQ_2026,
            True,
            Scope.EARLY_YEARS,
            "Early Years Teacher Status is not qualified teacher status",
        ),
        (
            "provider terms: EYTS not taken on this programme",
            {"qualified_status": QualifiedStatus.EYTS},
            Course(Qualification.NPQSENCO, D(2026, 10, 1), terms=Terms(accepts_eyts=False)),
            False,
            "",
            "does not take EYTS holders",
        ),
        (
            "provider terms: an EYTS award not limited to the early years",
            {"qualified_status": QualifiedStatus.EYTS},
            Course(Qualification.NPQSENCO, D(2026, 10, 1), terms=Terms(eyts_early_years_only=False)),
            True,
            Scope.FULL,
            "not limited to the early years",
        ),
        (
            "provider terms: QTLS not taken on this programme",
            {"qualified_status": QualifiedStatus.QTLS, "set_member": True},
            Course(Qualification.NPQSENCO, D(2026, 10, 1), terms=Terms(accepts_qtls=False)),
            False,
            "",
            "does not take QTLS holders",
        ),
        (
            "reg. 49(2)(a): no QTS, QTLS or EYTS",
            {"qualified_status": QualifiedStatus.NONE},
            NPQ_2026,
            False,
            "",
            "must be a qualified teacher",
        ),
        (
            "reg. 49(3): the head needs neither QTS nor induction",
            {"qualified_status": QualifiedStatus.NONE, "role": Role.HEADTEACHER},
            NPQ_2026,
            True,
            Scope.FULL,
            "headteacher or acting headteacher",
        ),
        (
            "reg. 49(3): the head with induction not completed",
            {"induction": Induction.NOT_COMPLETED, "role": Role.HEADTEACHER},
            NPQ_2026,
            True,
            Scope.FULL,
            "without QTS or completed induction",
        ),
        (
            "provider terms: an aspiring SENCO without the school's support",
            {"role": Role.ASPIRING, "appointed_on": None},
            NPQ_2026,
            False,
            "",
            "ask your headteacher",
        ),
        (
            "provider terms: an aspiring SENCO with the school's support",
            {"role": Role.ASPIRING, "appointed_on": None, "school_supports": True},
            NPQ_2026,
            True,
            Scope.FULL,
            "your school has confirmed it",
        ),
        (
            "reg. 49(7)(a): National Award course started 31 August 2024",
            {"appointed_on": D(2023, 1, 9)},
            Course(Qualification.NASENCO, D(2024, 8, 31)),
            True,
            Scope.FULL,
            "completed by 31 August 2027",
        ),
        (
            "reg. 49(7)(b): National Award course started 1 September 2024, designated",
            {},
            NASENCO_2024,
            False,
            "",
            "apply for the NPQ for SENCOs instead",
        ),
        (
            "reg. 49(7)(b): … a headteacher is refused too",
            {"role": Role.HEADTEACHER},
            NASENCO_2024,
            False,
            "",
            "apply for the NPQ for SENCOs instead",
        ),
        (
            "reg. 49(7)(b): … and an aspiring SENCO",
            {"role": Role.ASPIRING, "appointed_on": None, "school_supports": True},
            NASENCO_2024,
            False,
            "",
            "apply for the NPQ for SENCOs instead",
        ),
        (
            "reg. 49(7): an NPQ for SENCOs started before 1 September 2024 meets neither limb",
            {},
            Course(Qualification.NPQSENCO, D(2024, 8, 31)),
            False,
            "",
            "so a course like this meets neither",
        ),
        (
            "reg. 49(7)(b): an NPQ for SENCOs started on 1 September 2024 counts",
            {},
            Course(Qualification.NPQSENCO, D(2024, 9, 1)),
            True,
            "full",
            "",
        ),
        (
            "reg. 49(3): a headteacher without a teaching status may be SENCO by law",
            {"role": Role.HEADTEACHER, "qualified_status": QualifiedStatus.NONE},
            NPQ_2026,
            True,
            "full",
            "without QTS or completed induction",
        ),
        (
            "provider's terms: this programme admits headteachers only with a teaching status it takes",
            {"role": Role.HEADTEACHER, "qualified_status": QualifiedStatus.NONE},
            Course(
                Qualification.NPQSENCO, D(2026, 10, 1), terms=Terms(heads_need_teaching_status=True, accepts_eyts=False)
            ),
            False,
            "",
            "only with a teaching status it takes (QTS/QTLS)",
        ),
        ("nothing answered yet: we ask", {"qualified_status": "", "role": ""}, NPQ_2026, None, "", ""),
    ],
)
def test_eligibility(source, changes, course, eligible, scope, says):
    result = answer(facts(**changes), course)
    assert result.eligible is eligible, source
    assert result.scope == scope, source
    assert says in said(result.reasons), source
    assert all(reason.source for reason in result.reasons), "every reason names its source"
    if eligible is None:
        assert result.missing, "an unanswered question reads 'we need to know …'"


@pytest.mark.parametrize(
    ("source", "changes", "course", "deadline", "says"),
    [
        ("reg. 49(4): NPQ course, third anniversary", {}, NPQ_2026, D(2028, 1, 6), "third anniversary"),
        (
            "reg. 49(4): appointed on 1 September 2009 is not 'after' it",
            {"appointed_on": D(2009, 9, 1)},
            NPQ_2026,
            None,
            "not after 1 September 2009",
        ),
        (
            "reg. 49(4): appointed on 2 September 2009",
            {"appointed_on": D(2009, 9, 2)},
            NPQ_2026,
            D(2012, 9, 2),
            "2 September 2012",
        ),
        (
            "reg. 49(4): 29 February falls due on 28 February",
            {"appointed_on": D(2024, 2, 29)},
            NPQ_2026,
            D(2027, 2, 28),
            "the earlier reading",
        ),
        (
            "reg. 49(7)(a): National Award, anniversary before 31 August 2027",
            {"appointed_on": D(2023, 1, 9)},
            NASENCO_2023,
            D(2026, 1, 9),
            "9 January 2026",
        ),
        (
            "reg. 49(7)(a): National Award, capped at 31 August 2027",
            {"appointed_on": D(2024, 9, 1)},
            NASENCO_2023,
            D(2027, 8, 31),
            "or you will need the NPQ for SENCOs by 1 September 2027",
        ),
        (
            "reg. 49(7)(a): anniversary exactly 31 August 2027",
            {"appointed_on": D(2024, 8, 31)},
            NASENCO_2023,
            D(2027, 8, 31),
            "31 August 2027",
        ),
        (
            "reg. 49(7)(b): appointed October 2024 on a National Award course started after: the NPQ date",
            {"appointed_on": D(2024, 10, 7)},
            NASENCO_2024,
            D(2027, 10, 7),
            "For you that qualification is the NPQ for SENCOs",
        ),
        (
            "reg. 49(4): the head acting as SENCO has the deadline too",
            {"role": Role.HEADTEACHER, "qualified_status": QualifiedStatus.NONE},
            NPQ_2026,
            D(2028, 1, 6),
            "third anniversary",
        ),
        (
            "CFA 2014 s. 67: a special school has no statutory deadline",
            {"setting": Setting.SPECIAL},
            NPQ_2026,
            None,
            "special school",
        ),
        (
            "CFA 2014 s. 67: an independent school",
            {"setting": Setting.INDEPENDENT},
            NPQ_2026,
            None,
            "independent school",
        ),
        (
            "CFA 2014 s. 67: a private nursery",
            {"setting": Setting.EARLY_YEARS_PVI},
            NPQ_2026,
            None,
            "private, voluntary or independent",
        ),
        (
            "CFA 2014 s. 67: a maintained nursery school is relevant",
            {"setting": Setting.MAINTAINED_NURSERY},
            NPQ_2026,
            D(2028, 1, 6),
            "third anniversary",
        ),
        (
            "reg. 49(4): an aspiring SENCO's three years have not started",
            {"role": Role.ASPIRING, "appointed_on": None, "school_supports": True},
            NPQ_2026,
            None,
            "the day you become SENCO",
        ),
        (
            "reg. 49(4) with the Interpretation Act 1978 Sch. 1: 1 Sept 2019 to 31 Aug 2020 is exactly twelve "
            "calendar months (366 days, a leap year): not more, so no exemption",
            {"earlier_spells": (Spell(D(2019, 9, 1), D(2020, 8, 31), True),)},
            NPQ_2026,
            D(2028, 1, 6),
            "add up to 12 months, not more than twelve calendar months",
        ),
        (
            "reg. 49(4) with the Interpretation Act 1978 Sch. 1: twelve months and a day is more than twelve",
            {"earlier_spells": (Spell(D(2019, 9, 1), D(2020, 9, 1), True),)},
            NPQ_2026,
            None,
            "for 12 months and 1 day in total, more than twelve months",
        ),
        (
            "reg. 49(4): 365 days in a year without 29 February is still only twelve months",
            {"earlier_spells": (Spell(D(2021, 1, 1), D(2021, 12, 31), True),)},
            NPQ_2026,
            D(2028, 1, 6),
            "add up to 12 months, not more",
        ),
        (
            "reg. 49(4): spells in total, laid end to end (6 months and 6 months and 4 days)",
            {"earlier_spells": (Spell(D(2021, 1, 1), D(2021, 6, 30), True), Spell(D(2022, 1, 1), D(2022, 7, 4), True))},
            NPQ_2026,
            None,
            "more than twelve months",
        ),
        (
            "reg. 49(4): spells at settings that are not relevant do not count",
            {"earlier_spells": (Spell(D(2018, 1, 1), D(2022, 12, 31), False),)},
            NPQ_2026,
            D(2028, 1, 6),
            "third anniversary",
        ),
    ],
)
def test_statutory_deadline(source, changes, course, deadline, says):
    result = answer(facts(**changes), course)
    assert result.deadline == deadline, source
    assert result.required is (deadline is not None), source
    assert says in said(result.deadline_reasons), source
    assert all(reason.source for reason in result.deadline_reasons)


def test_a_missing_setting_is_asked_not_assumed():
    result = answer(facts(setting=""), NPQ_2026)
    assert result.required is None
    assert result.status_on(D(2026, 1, 1)) == DeadlineStatus.UNKNOWN
    assert any("school or setting" in question for question in result.missing)


@pytest.mark.parametrize(
    ("appointed", "anniversary"),
    [
        (D(2024, 2, 29), D(2027, 2, 28)),
        (D(2025, 2, 28), D(2028, 2, 28)),
        (D(2025, 3, 1), D(2028, 3, 1)),
        (D(2009, 9, 2), D(2012, 9, 2)),
    ],
)
def test_third_anniversary(appointed, anniversary):
    assert third_anniversary(appointed) == anniversary


def test_overlapping_spells_count_once_and_stop_at_the_appointment():
    spells = (Spell(D(2020, 1, 1), D(2020, 1, 10), True), Spell(D(2020, 1, 5), D(2020, 1, 20), True))
    assert days_as_senco(spells, before=None) == 20
    assert days_as_senco(spells, before=D(2020, 1, 11)) == 10


DEADLINE = D(2027, 8, 31)


@pytest.mark.parametrize(
    ("today", "assessment_ends", "completed_on", "status"),
    [
        (D(2026, 8, 30), None, None, DeadlineStatus.ON_TRACK),  # 366 days before
        (D(2026, 8, 31), None, None, DeadlineStatus.CLOSE),  # 365 days before
        (D(2027, 6, 1), None, None, DeadlineStatus.CLOSE),  # 91 days before
        (D(2027, 6, 2), None, None, DeadlineStatus.AT_RISK),  # 90 days before
        (D(2027, 8, 31), None, None, DeadlineStatus.AT_RISK),  # the day itself
        (D(2027, 9, 1), None, None, DeadlineStatus.PASSED),
        (D(2025, 1, 1), D(2027, 9, 1), None, DeadlineStatus.AT_RISK),  # assessment ends after the deadline
        (D(2025, 1, 1), D(2027, 7, 3), None, DeadlineStatus.CLOSE),  # ends 59 days before it
        (D(2025, 1, 1), D(2027, 7, 2), None, DeadlineStatus.ON_TRACK),  # ends 60 days before it
        (D(2027, 9, 15), None, D(2027, 8, 31), DeadlineStatus.MET),
        (D(2027, 9, 15), None, D(2027, 9, 1), DeadlineStatus.PASSED),
    ],
)
def test_status_boundaries(today, assessment_ends, completed_on, status):
    course = Course(Qualification.NASENCO, starts=D(2023, 9, 26), assessment_ends=assessment_ends)
    result = answer(facts(appointed_on=D(2024, 9, 1), completed_on=completed_on), course)
    assert result.deadline == DEADLINE
    assert result.status_on(today) == status


def test_status_of_answers_without_a_deadline():
    assert status_on(D(2026, 1, 1), required=False, deadline=None, close_from=None, risk_from=None) == (
        DeadlineStatus.NOT_REQUIRED
    )
    assert status_on(D(2026, 1, 1), required=None, deadline=None, close_from=None, risk_from=None) == (
        DeadlineStatus.UNKNOWN
    )
    assert D(1900, 1, 1) > ALWAYS
