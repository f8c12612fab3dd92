"""Who may take the award, with what scope, and why. Pure: facts in, a decision with reasons out.

Every reason names its source, so an admin can answer "why?" without looking anything up.
"""

import datetime as dt
from dataclasses import dataclass, field

from .deadline import NASENCO_LAST_DAY, REG_49, SI_2024_535, long_date

INDUCTION_FROM = dt.date(1999, 5, 7)  # statutory induction applies to QTS gained on or after this date
NPQ_FROM = dt.date(2024, 9, 1)

QTS, QTLS, EYTS, NONE = "QTS", "QTLS", "EYTS", "none"
DESIGNATED, ASPIRING, HEADTEACHER = "designated", "aspiring", "headteacher"
FULL, EARLY_YEARS = "full", "early_years"

INDUCTION_SOURCE = "Statutory induction: required for QTS gained on or after 7 May 1999; not for QTLS"
PROVIDER_TERMS = "Provider entry requirements (National Award for SEN Coordination)"


@dataclass(frozen=True)
class Facts:
    qualified_status: str  # QTS, QTLS, EYTS or none
    qualified_on: dt.date | None = None
    induction_completed: bool | None = None
    role: str = DESIGNATED  # designated, aspiring or headteacher
    school_supports: bool = False  # an aspiring SENCO's school backs them to meet every outcome
    early_years_setting: bool = False
    qualification: str = "NASENCO"
    course_starts: dt.date | None = None


@dataclass(frozen=True)
class Reason:
    text: str
    source: str


@dataclass
class Decision:
    eligible: bool
    scope: str | None = None  # full, early_years, or None when not eligible
    reasons: list[Reason] = field(default_factory=list)

    @property
    def scope_label(self) -> str:
        return {
            FULL: "The full award",
            EARLY_YEARS: "The award, recognised for the 0–5 (early years) sector only",
        }.get(self.scope, "Not eligible for the award")


def induction_applies(facts: Facts) -> bool:
    return facts.qualified_status == QTS and (facts.qualified_on is None or facts.qualified_on >= INDUCTION_FROM)


def decide(facts: Facts) -> Decision:
    reasons: list[Reason] = []
    blocked = False
    scope = FULL

    if facts.qualified_status == NONE:
        blocked = True
        reasons.append(
            Reason(
                "The award is for qualified teachers: it needs QTS or QTLS (or EYTS, for the early years "
                "sector). Some providers offer a postgraduate certificate without it; ask them.",
                f"{REG_49}(2)(a); {PROVIDER_TERMS}",
            )
        )
    elif facts.qualified_status == EYTS:
        scope = EARLY_YEARS
        reasons.append(
            Reason(
                "With Early Years Teacher Status you can gain the award, but it is recognised only in the "
                "0–5 sector, and the certificate says so."
                + (
                    ""
                    if facts.early_years_setting
                    else " Your school is not an early years setting: check this meets what your school needs."
                ),
                PROVIDER_TERMS,
            )
        )
    elif facts.qualified_status == QTLS:
        reasons.append(
            Reason(
                "QTLS counts as qualified teacher status; statutory induction does not apply.",
                INDUCTION_SOURCE,
            )
        )
    else:
        reasons.append(Reason("You hold qualified teacher status (QTS).", f"{REG_49}(2)(a)"))

    if facts.qualified_status == QTS and induction_applies(facts):
        if facts.induction_completed:
            reasons.append(Reason("You have completed statutory induction.", f"{REG_49}(2)(b)"))
        elif facts.role == HEADTEACHER:
            reasons.append(
                Reason(
                    "Induction is not complete, but as headteacher or acting headteacher you may be the SENCO.",
                    f"{REG_49}(3)",
                )
            )
        else:
            blocked = True
            reasons.append(
                Reason(
                    "A SENCO must have completed statutory induction. Apply once your induction is complete.",
                    f"{REG_49}(2)(b); {INDUCTION_SOURCE}",
                )
            )
    elif facts.qualified_status == QTS:
        reasons.append(
            Reason("You gained QTS before 7 May 1999, so statutory induction does not apply.", INDUCTION_SOURCE)
        )

    if facts.role == HEADTEACHER:
        reasons.append(Reason("A headteacher or acting headteacher may be their school's SENCO.", f"{REG_49}(3)"))
    elif facts.role == ASPIRING:
        if facts.school_supports:
            reasons.append(
                Reason(
                    "As an aspiring SENCO you need your school's support to work with the designated SENCO "
                    "and meet every learning outcome: your school has confirmed it.",
                    PROVIDER_TERMS,
                )
            )
        else:
            blocked = True
            reasons.append(
                Reason(
                    "As an aspiring SENCO you need your school's support to work with the designated SENCO "
                    "and meet every learning outcome. Ask your headteacher to confirm it, then apply.",
                    PROVIDER_TERMS,
                )
            )

    if facts.qualification == "NASENCO" and facts.course_starts and facts.course_starts >= NPQ_FROM:
        text = (
            f"This National Award course starts on {long_date(facts.course_starts)}. "
            f"From {long_date(NPQ_FROM)} new SENCOs need the National Professional Qualification for "
            "SENCOs (NPQSENCO) instead: take the NPQ for SENCOs."
        )
        if facts.role == DESIGNATED:
            blocked = True
        reasons.append(Reason(text, SI_2024_535))
    elif facts.qualification == "NASENCO":
        reasons.append(
            Reason(
                f"The National Award counts only if you complete it by {long_date(NASENCO_LAST_DAY)}.",
                SI_2024_535,
            )
        )

    if blocked:
        return Decision(eligible=False, scope=None, reasons=reasons)
    return Decision(eligible=True, scope=scope, reasons=reasons)
