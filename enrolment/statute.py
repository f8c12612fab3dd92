"""The statutory answer. Pure: one set of facts in; eligibility, scope, the statutory deadline, the
boundaries of its status and every reason (each naming its source) out. Every page, list, report and
reminder shows what this module decided; nothing else decides it.

The rules (docs/eligibility.md lists each with an example):

- SEND Regulations 2014 reg. 49(1)–(3): the SENCO of a relevant school is either (2) a qualified teacher
  (not one qualified only through EU partial access, para. 8A of Sch. 2 to the 2003 qualifications
  regulations) who has completed induction if required to, working as a teacher at the school, or (3) the
  headteacher or acting headteacher.
- reg. 49(4): whoever becomes SENCO at a relevant school after 1 September 2009, not having been SENCO at
  relevant schools for more than twelve months in total before, must hold the relevant SENCO qualification
  by the third anniversary of becoming SENCO.
- reg. 49(7), inserted by SI 2024/535: that qualification is the National Award when the course starts
  before 1 September 2024 and is completed before 1 September 2027, and the NPQ for SENCOs for any course
  started on or after 1 September 2024.
- Children and Families Act 2014 s. 67(1) and s. 83: relevant schools are mainstream schools (maintained
  schools and academies that are not special schools) and maintained nursery schools.
- SI 2012/1115 Sch. 1: who may work as a qualified teacher without having completed induction.
- QTLS counts as QTS in schools only while the holder is a member of the Society for Education and
  Training (2003 qualifications regulations, Sch. 2).
"""

import datetime as dt
from dataclasses import dataclass, field

from cohorts.models import NPQ_FROM, Qualification
from nasenco.dates import add_months, long_date

from .choices import DeadlineStatus, Induction, InductionExemption, QualifiedStatus, Role, Scope, Setting

# --- Sources, cited in every reason ------------------------------------------------------------------------
REG_49 = "SEND Regulations 2014, reg. 49"
REG_49_7 = "SEND Regulations 2014, reg. 49(7), inserted by SI 2024/535"
CFA_2014 = "Children and Families Act 2014, s. 67(1) and s. 83"
INDUCTION_REGS = "Education (Induction Arrangements for School Teachers) (England) Regulations 2012, Sch. 1"
QUALIFICATIONS_2003 = "Education (School Teachers' Qualifications) (England) Regulations 2003, Sch. 2"
PROVIDER_TERMS = "The provider's terms for this programme"


def reg_49(paragraph: str) -> str:
    return f"{REG_49}({paragraph})"


# --- Dates the law names -----------------------------------------------------------------------------------
REQUIREMENT_START = dt.date(2009, 9, 1)  # reg. 49(4): those who become SENCO *after* this day
NASENCO_LAST_DAY = dt.date(2027, 8, 31)  # reg. 49(7)(a): the National Award completed *before* 1 September 2027
QUALIFIED_BY = dt.date(1999, 5, 7)  # SI 2012/1115 Sch. 1 para. 1: a qualified teacher on this day is exempt
# reg. 49(4) "more than twelve months in total": calendar months (Interpretation Act 1978, Sch. 1: "month"
# means calendar month), so no count of days is right for both 1 September 2019 to 31 August 2020 (exactly
# twelve months: not more) and twelve months and a day.
TWELVE_MONTHS = 12

# --- The status thresholds, named once ---------------------------------------------------------------------
AT_RISK_WITHIN = dt.timedelta(days=90)  # at risk in the last 90 days before the deadline
CLOSE_WITHIN = dt.timedelta(days=365)  # due within a year
ASSESSMENT_MARGIN = dt.timedelta(days=60)  # close when the course's assessment ends less than this before it
ALWAYS = dt.date.min  # a boundary already crossed: the status holds from the start


@dataclass(frozen=True)
class Reason:
    text: str
    source: str


@dataclass(frozen=True)
class Spell:
    """An earlier period as SENCO, before this appointment (both days included)."""

    started_on: dt.date
    ended_on: dt.date
    relevant: bool  # at a mainstream school or maintained nursery school (only these count)


@dataclass(frozen=True)
class Terms:
    """A provider's entry terms for one programme, above the statutory minimum."""

    accepts_qtls: bool = True
    accepts_eyts: bool = True
    eyts_early_years_only: bool = True  # EYTS holders gain the award recognised for 0–5 only
    aspiring_needs_support: bool = True
    # The law lets a headteacher be SENCO without QTS (reg. 49(3)); a provider may still admit only teachers
    # with a teaching status (both seed providers take only QTS/QTLS, or QTS/QTLS/EYTS, holders).
    heads_need_teaching_status: bool = False


@dataclass(frozen=True)
class Course:
    qualification: str = Qualification.NPQSENCO
    starts: dt.date | None = None  # the first session; the caller gives today when no course is chosen
    assessment_ends: dt.date | None = None
    terms: Terms = Terms()


@dataclass(frozen=True)
class Facts:
    """What a teacher tells us. Empty means unanswered, never "no"."""

    qualified_status: str = ""
    qualified_on: dt.date | None = None
    induction: str = ""
    induction_exemption: str = ""
    set_member: bool | None = None  # QTLS holders: a member of the Society for Education and Training?
    role: str = ""
    school_supports: bool = False
    setting: str = ""
    appointed_on: dt.date | None = None
    earlier_spells: tuple[Spell, ...] = ()
    completed_on: dt.date | None = None  # the day the award was confirmed, once it is


@dataclass
class Answer:
    eligible: bool | None  # None: we need to know more before we can say
    scope: str = ""
    reasons: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "we need to know …", one line a question
    deadline: dt.date | None = None
    required: bool | None = None  # None: we need to know more
    deadline_reasons: list[Reason] = field(default_factory=list)
    close_from: dt.date | None = None
    risk_from: dt.date | None = None
    completed_on: dt.date | None = None

    @property
    def scope_label(self) -> str:
        return Scope(self.scope).label if self.scope else ""

    def status_on(self, today: dt.date) -> DeadlineStatus:
        return status_on(
            today,
            required=self.required,
            deadline=self.deadline,
            close_from=self.close_from,
            risk_from=self.risk_from,
            completed_on=self.completed_on,
            eligible=self.eligible,
        )


def status_on(
    today: dt.date,
    *,
    required: bool | None,
    deadline: dt.date | None,
    close_from: dt.date | None,
    risk_from: dt.date | None,
    completed_on: dt.date | None = None,
    eligible: bool | None = None,
) -> DeadlineStatus:
    """The one place a status is read off the stored boundaries. Someone this course cannot qualify is "not
    eligible" everywhere, never "on track" beside a "not eligible" elsewhere."""
    if eligible is False and completed_on is None:
        return DeadlineStatus.NOT_ELIGIBLE
    if required is None:
        return DeadlineStatus.UNKNOWN
    if not required or deadline is None:
        return DeadlineStatus.NOT_REQUIRED
    if completed_on is not None and completed_on <= deadline:
        return DeadlineStatus.MET
    if today > deadline:
        return DeadlineStatus.PASSED
    if risk_from is not None and today >= risk_from:
        return DeadlineStatus.AT_RISK
    if close_from is not None and today >= close_from:
        return DeadlineStatus.CLOSE
    return DeadlineStatus.ON_TRACK


def third_anniversary(appointed: dt.date) -> dt.date:
    """Three years on. Reading taken: a SENCO appointed on 29 February reaches the third anniversary on
    28 February (the earlier of the two readings, so nobody misses it by a day)."""
    try:
        return appointed.replace(year=appointed.year + 3)
    except ValueError:
        return dt.date(appointed.year + 3, 2, 28)


def more_than_twelve_months(spells: tuple[Spell, ...], *, before: dt.date | None) -> tuple[bool, str]:
    """Whether the earlier spells at relevant schools add up to more than twelve calendar months, and the
    service in words. The spells are laid end to end from the first one's start: twelve months from a day end
    the day before the same date a year on (a 29 February start: 28 February, the earlier reading), so more
    than twelve months reaches that date."""
    served = days_as_senco(spells, before=before)
    if not served:
        return False, ""
    start = min(s.started_on for s in spells if s.relevant)
    laid_end = start + dt.timedelta(days=served - 1)
    year_on = add_months(start, TWELVE_MONTHS)
    months = 0
    while add_months(start, months + 1) <= laid_end + dt.timedelta(days=1):
        months += 1
    rest = (laid_end - add_months(start, months)).days + 1
    words = f"{months} month{'s' if months != 1 else ''}" + (
        f" and {rest} day{'s' if rest != 1 else ''}" if rest else ""
    )
    return laid_end >= year_on, words


def days_as_senco(spells: tuple[Spell, ...], *, before: dt.date | None) -> int:
    """Days served as SENCO at relevant schools before ``before``; overlapping spells count once."""
    days: set[dt.date] = set()
    for spell in spells:
        if not spell.relevant:
            continue
        end = min(spell.ended_on, before - dt.timedelta(days=1)) if before else spell.ended_on
        day = spell.started_on
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def answer(facts: Facts, course: Course) -> Answer:
    """Eligibility for ``course`` and the statutory deadline, from one set of facts."""
    result = Answer(eligible=None, completed_on=facts.completed_on)
    _decide_eligibility(facts, course, result)
    _decide_deadline(facts, course, result)
    return result


# --- Eligibility ---------------------------------------------------------------------------------------------


def induction_required(facts: Facts) -> bool:
    """Induction is required of QTS holders who qualified after 7 May 1999 (Sch. 1 para. 1 exempts those who
    were qualified teachers on that day). QTLS holders who belong to SET are exempt too."""
    return facts.qualified_status == QualifiedStatus.QTS and (
        facts.qualified_on is None or facts.qualified_on > QUALIFIED_BY
    )


def _decide_eligibility(facts: Facts, course: Course, result: Answer) -> None:
    reasons, missing = result.reasons, result.missing
    status, role, terms = facts.qualified_status, facts.role, course.terms
    head = role == Role.HEADTEACHER
    if not status:
        missing.append("which teaching qualification you hold (QTS, QTLS, EYTS or none)")
    if not role:
        missing.append("your role: designated SENCO, aspiring SENCO, or headteacher acting as SENCO")

    teacher = _qualified_teacher(facts, reasons, missing)  # reg. 49(2)(a) and (b); None: not yet known
    blocked = False
    if head:
        reasons.append(
            Reason(
                "As headteacher or acting headteacher you may be your school's SENCO without QTS or completed "
                "induction.",
                reg_49("3"),
            )
        )
        if terms.heads_need_teaching_status and status and not _teaching_status_taken(status, terms):
            blocked = True
            reasons.append(
                Reason(
                    "This programme admits headteachers only with a teaching status it takes ("
                    + _statuses_taken(terms)
                    + "), as it does every applicant: ask the provider about another route.",
                    PROVIDER_TERMS,
                )
            )
    elif teacher is False:
        blocked = status != QualifiedStatus.EYTS or not terms.accepts_eyts

    if status == QualifiedStatus.QTLS and not terms.accepts_qtls:
        blocked = True
        reasons.append(Reason("This programme does not take QTLS holders: ask the provider.", PROVIDER_TERMS))
    if status == QualifiedStatus.EYTS:
        if terms.accepts_eyts:
            scope = Scope.EARLY_YEARS if terms.eyts_early_years_only else Scope.FULL
            reasons.append(
                Reason(
                    "The provider takes EYTS holders on this programme: "
                    + (
                        "the award is recognised for the 0–5 (early years) sector only, and the certificate says so."
                        if scope == Scope.EARLY_YEARS
                        else "the award is not limited to the early years."
                    ),
                    PROVIDER_TERMS,
                )
            )
        else:
            blocked = True
            reasons.append(Reason("This programme does not take EYTS holders: ask the provider.", PROVIDER_TERMS))

    if role == Role.ASPIRING and terms.aspiring_needs_support:
        supported = facts.school_supports
        blocked = blocked or not supported
        reasons.append(
            Reason(
                "As an aspiring SENCO you need your school's support to work with the designated SENCO and meet "
                "every learning outcome: "
                + ("your school has confirmed it." if supported else "ask your headteacher to confirm it, then apply."),
                PROVIDER_TERMS,
            )
        )

    _course_counts(course, reasons)
    if _course_cannot_count(course):
        blocked = True

    if blocked:
        result.eligible = False
    elif missing or (teacher is None and not head):
        result.eligible = None
    else:
        result.eligible = True
        result.scope = (
            Scope.EARLY_YEARS if status == QualifiedStatus.EYTS and terms.eyts_early_years_only else Scope.FULL
        )


def _qualified_teacher(facts: Facts, reasons: list[Reason], missing: list[str]) -> bool | None:
    """Whether the facts meet reg. 49(2)(a) and (b); None while a needed answer is missing."""
    status = facts.qualified_status
    if status == QualifiedStatus.QTS_PARTIAL:
        reasons.append(
            Reason(
                "QTS gained through EU partial access does not make you a qualified teacher for the SENCO role.",
                f"{reg_49('2')}(a); {QUALIFICATIONS_2003}, para. 8A",
            )
        )
        return False
    if status == QualifiedStatus.EYTS:
        reasons.append(
            Reason(
                "Early Years Teacher Status is not qualified teacher status: with EYTS alone you cannot be the "
                "SENCO of a mainstream school or maintained nursery school, unless you are its headteacher.",
                f"{reg_49('2')}(a)",
            )
        )
        return False
    if status == QualifiedStatus.NONE:
        reasons.append(
            Reason(
                "A SENCO must be a qualified teacher (QTS, or QTLS while a member of the Society for Education "
                "and Training), unless they are the headteacher. Some providers offer a postgraduate "
                "certificate without it; ask them.",
                f"{reg_49('2')}(a)",
            )
        )
        return False
    if status == QualifiedStatus.QTLS:
        if facts.set_member is None:
            missing.append("whether you are a member of the Society for Education and Training (SET)")
            return None
        if not facts.set_member:
            reasons.append(
                Reason(
                    "QTLS counts as qualified teacher status in schools only while you are a member of the "
                    "Society for Education and Training. Renew your membership, then apply.",
                    QUALIFICATIONS_2003,
                )
            )
            return False
        reasons.append(
            Reason(
                "QTLS with membership of the Society for Education and Training counts as qualified teacher "
                "status in schools, and you need no induction.",
                f"{QUALIFICATIONS_2003}; {INDUCTION_REGS}",
            )
        )
        return True
    if status != QualifiedStatus.QTS:
        return None
    reasons.append(Reason("You hold qualified teacher status (QTS).", f"{reg_49('2')}(a)"))
    return _induction_met(facts, reasons, missing)


def _induction_met(facts: Facts, reasons: list[Reason], missing: list[str]) -> bool | None:
    if facts.qualified_on is None:
        missing.append("when you gained QTS: it decides whether induction applies to you")
        return None
    if not induction_required(facts):
        reasons.append(
            Reason(
                f"You were a qualified teacher on {long_date(QUALIFIED_BY)}, so you are exempt from induction.",
                f"{INDUCTION_REGS}, para. 1",
            )
        )
        return True
    if facts.induction == Induction.COMPLETED:
        reasons.append(Reason("You have completed statutory induction.", f"{reg_49('2')}(b)"))
        return True
    if facts.induction == Induction.EXEMPT:
        if not facts.induction_exemption:
            missing.append("which exemption from induction applies to you")
            return None
        exemption = InductionExemption(facts.induction_exemption)
        reasons.append(
            Reason(f"You are exempt from induction: {exemption.label[0].lower()}{exemption.label[1:]}.", INDUCTION_REGS)
        )
        return True
    if facts.induction == Induction.NOT_COMPLETED:
        reasons.append(
            Reason(
                "A SENCO who is not the headteacher must have completed statutory induction. Apply once your "
                "induction is complete.",
                f"{reg_49('2')}(b)",
            )
        )
        return False
    missing.append("whether you have completed statutory induction, or are exempt from it")
    return None


def _teaching_status_taken(status: str, terms: Terms) -> bool:
    return (
        status == QualifiedStatus.QTS
        or (status == QualifiedStatus.QTLS and terms.accepts_qtls)
        or (status == QualifiedStatus.EYTS and terms.accepts_eyts)
    )


def _statuses_taken(terms: Terms) -> str:
    return "/".join(["QTS", *(["QTLS"] if terms.accepts_qtls else []), *(["EYTS"] if terms.accepts_eyts else [])])


def _course_cannot_count(course: Course) -> bool:
    """reg. 49(7): the National Award for a course started before 1 September 2024, the NPQ for SENCOs for one
    started on or after it. Any other pairing meets neither limb."""
    if course.starts is None:
        return False
    if course.qualification == Qualification.NASENCO:
        return course.starts >= NPQ_FROM
    return course.qualification == Qualification.NPQSENCO and course.starts < NPQ_FROM


def course_refusal(course: Course) -> str:
    """The reason no one can take ``course`` towards the requirement (reg. 49(7)), or ""."""
    if not _course_cannot_count(course):
        return ""
    reasons: list[Reason] = []
    _course_counts(course, reasons)
    return f"{reasons[0].text} ({reasons[0].source})"


def _course_counts(course: Course, reasons: list[Reason]) -> None:
    if _course_cannot_count(course) and course.qualification == Qualification.NPQSENCO:
        reasons.append(
            Reason(
                f"This NPQ for SENCOs course starts on {long_date(course.starts)}, before {long_date(NPQ_FROM)}: "
                "the NPQ meets the requirement only for a course started on or after that day, and the National "
                "Award only for one started before it, so a course like this meets neither.",
                REG_49_7,
            )
        )
    elif _course_cannot_count(course):
        reasons.append(
            Reason(
                f"This National Award course starts on {long_date(course.starts)}. A course started on or after "
                f"{long_date(NPQ_FROM)} meets the requirement only if it is the National Professional "
                "Qualification for SENCOs, for every SENCO (designated, headteacher or aspiring): apply for the "
                "NPQ for SENCOs instead.",
                REG_49_7,
            )
        )
    elif course.qualification == Qualification.NASENCO:
        reasons.append(
            Reason(
                "The National Award counts only for a course started before "
                f"{long_date(NPQ_FROM)} and completed by {long_date(NASENCO_LAST_DAY)}.",
                REG_49_7,
            )
        )


# --- The statutory deadline ---------------------------------------------------------------------------------


def _decide_deadline(facts: Facts, course: Course, result: Answer) -> None:
    reasons = result.deadline_reasons

    def not_required(text: str, source: str) -> None:
        result.required = False
        reasons.append(Reason(text, source))

    if facts.role == Role.ASPIRING:
        return not_required("No deadline yet: the three years start on the day you become SENCO.", reg_49("4"))
    if not facts.setting:
        result.missing.append("what kind of school or setting you work in: the deadline applies only in some")
        return None
    if facts.setting not in Setting.relevant():
        return not_required(
            f"You work in a setting of this kind: {Setting(facts.setting).label.lower()}. The SENCO "
            "requirements apply only to mainstream schools (maintained schools and academies that are not "
            "special schools) and maintained nursery schools, so the law sets you no deadline. The award may "
            "still be what your school wants.",
            CFA_2014,
        )
    if not facts.role:
        return None  # eligibility already asks for the role
    if facts.appointed_on is None:
        result.missing.append("the date you became SENCO at this school")
        return None
    appointed = facts.appointed_on
    if appointed <= REQUIREMENT_START:
        return not_required(
            f"You became SENCO on {long_date(appointed)}, not after {long_date(REQUIREMENT_START)}, so the "
            "requirement to hold the qualification does not apply to you.",
            reg_49("4"),
        )
    exempt, served = more_than_twelve_months(facts.earlier_spells, before=appointed)
    if exempt:
        return not_required(
            f"Before this appointment you had been SENCO at mainstream schools or maintained nursery schools "
            f"for {served} in total, more than twelve months, so the requirement does not apply to you.",
            f"{reg_49('4')}; Interpretation Act 1978, Sch. 1 (calendar months)",
        )
    anniversary = third_anniversary(appointed)
    result.required = True
    leap = (
        " (a 29 February appointment falls due on 28 February, the earlier reading)"
        if (appointed.month == 2 and appointed.day == 29)
        else ""
    )
    earlier = (
        f" Your earlier spells as SENCO at relevant schools add up to {served}, not more than twelve calendar "
        "months, so they do not exempt you."
        if served
        else ""
    )
    anniversary_text = (
        f"You became SENCO on {long_date(appointed)}: you must hold the qualification by the third "
        f"anniversary, {long_date(anniversary)}{leap}.{earlier}"
    )
    if course.qualification == Qualification.NASENCO and not _course_cannot_count(course):
        if anniversary > NASENCO_LAST_DAY:
            result.deadline = NASENCO_LAST_DAY
            reasons.append(Reason(anniversary_text, reg_49("4")))
            reasons.append(
                Reason(
                    f"The National Award counts only if completed by {long_date(NASENCO_LAST_DAY)}: complete "
                    f"this course by then, or you will need the NPQ for SENCOs by {long_date(anniversary)}.",
                    REG_49_7,
                )
            )
        else:
            result.deadline = anniversary
            reasons.append(Reason(anniversary_text, reg_49("4")))
    else:
        result.deadline = anniversary
        reasons.append(
            Reason(
                anniversary_text + " For you that qualification is the NPQ for SENCOs.",
                f"{reg_49('4')}; {REG_49_7}",
            )
        )
    _boundaries(result, course.assessment_ends)
    return None


def _boundaries(result: Answer, assessment_ends: dt.date | None) -> None:
    """When the status turns "due within a year" and "at risk": fixed dates, so lists can filter on them."""
    deadline = result.deadline
    result.risk_from = deadline - AT_RISK_WITHIN
    result.close_from = deadline - CLOSE_WITHIN
    if assessment_ends and assessment_ends > deadline:
        result.risk_from = result.close_from = ALWAYS
        result.deadline_reasons.append(
            Reason(
                f"Your course's assessment ends on {long_date(assessment_ends)}, after your deadline: talk to the "
                "provider about an earlier cohort.",
                reg_49("4"),
            )
        )
    elif assessment_ends and deadline - assessment_ends < ASSESSMENT_MARGIN:
        result.close_from = ALWAYS
        result.deadline_reasons.append(
            Reason(
                f"Your course's assessment ends on {long_date(assessment_ends)}, less than "
                f"{ASSESSMENT_MARGIN.days} days before your deadline: there is little room for a resubmission.",
                reg_49("4"),
            )
        )
