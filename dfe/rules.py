"""DfE's rules for NPQ lead providers that the portal applies before asking DfE, and the evidence behind each
declaration. Pure: no database, no clock.

Sources (``dfe/openapi`` and DfE's guidance pages, vendored in the reference folder):
- funding.md, "Accepting an application": funded places and funding caps;
- "Schedules and milestone dates" (all courses): milestone and payment dates per cohort and schedule;
- "Data states": which declarations a participant's training status allows;
- the v3 document's reason codes for deferral and withdrawal.
"""

import datetime as dt
import math
from dataclasses import dataclass

# Funding caps apply "from the 2024/25 academic year onwards" (Data states: "funding cap"): from DfE's 2024
# cohort, accepting must say whether the place is funded (funding.md).
CAPPED_FROM_COHORT = 2024

DECLARATION_TYPES = ("started", "retained-1", "retained-2", "completed")  # leadership NPQs (NPQSENCO) have two

# What the portal holds as evidence that a milestone was reached: the share of the cohort's teaching days
# attended (and of its self-study units completed, where it has them). Started: the first session;
# retained-1 and -2: a third and two thirds of each.
ATTENDANCE_SHARE = {"started": 0, "retained-1": 1 / 3, "retained-2": 2 / 3}

# "Schedules and milestone dates", leadership NPQs: cohort → schedule → declaration type → (milestone date,
# payment date). DfE publishes each cohort's dates; a cohort not listed has none published yet.
MILESTONES = {
    ("2024", "npq-leadership-autumn"): {
        "started": (dt.date(2024, 11, 25), dt.date(2024, 12, 15)),
        "retained-1": (dt.date(2025, 5, 26), dt.date(2025, 6, 25)),
        "retained-2": (dt.date(2026, 1, 24), dt.date(2026, 2, 25)),
        "completed": (dt.date(2026, 7, 25), dt.date(2026, 8, 25)),
    },
    ("2025", "npq-leadership-spring"): {
        "started": (dt.date(2025, 5, 30), dt.date(2025, 6, 25)),
        "retained-1": (dt.date(2025, 12, 19), dt.date(2026, 1, 26)),
        "retained-2": (dt.date(2026, 7, 24), dt.date(2026, 8, 25)),
        "completed": (dt.date(2027, 2, 25), dt.date(2027, 3, 25)),
    },
}

DEFER_REASONS = {
    "bereavement": "Bereavement",
    "long-term-sickness": "Long-term sickness",
    "parental-leave": "Parental leave",
    "career-break": "Career break",
    "other": "Another reason",
}

WITHDRAW_REASONS = {
    "insufficient-capacity-to-undertake-programme": "Not enough capacity to undertake the programme",
    "personal-reason-health-or-pregnancy-related": "Personal: health or pregnancy",
    "personal-reason-moving-school": "Personal: moving school",
    "personal-reason-other": "Personal: another reason",
    "change-in-developmental-or-personal-priorities": "A change in developmental or personal priorities",
    "change-in-school-circumstances": "A change in the school's circumstances",
    "change-in-school-leadership": "A change in the school's leadership",
    "quality-of-programme-content-not-suitable": "The programme's content was not suitable",
    "quality-of-programme-facilitation-not-effective": "The programme's facilitation was not effective",
    "quality-of-programme-accessibility": "The programme's accessibility",
    "programme-not-appropriate-for-role-and-cpd-needs": "Not appropriate for their role and development needs",
    "started-in-error": "Started in error",
    "expected-commitment-unclear": "The expected commitment was unclear",
    "assessment-requirements-not-met": "Assessment requirements not met",
    "change-in-career": "A change in career",
    "disengaged-and-unresponsive": "Disengaged and unresponsive",
    "non-payment-of-invoice": "The invoice was not paid",
    "other": "Another reason",
}

SCHEDULES = {
    "npq-leadership-autumn": "Leadership, autumn start",
    "npq-leadership-spring": "Leadership, spring start",
}


def funding_capped(cohort: str) -> bool:
    return cohort.isdigit() and int(cohort) >= CAPPED_FROM_COHORT


def funded_place_problem(*, cohort: str, eligible_for_funding: bool, funded_place: bool | None) -> str:
    """Why DfE would refuse this ``funded_place`` on acceptance (funding.md), or "" when it would not."""
    if not funding_capped(cohort):
        return ""
    if funded_place is None:
        return f"DfE's {cohort} cohort has a funding cap: say whether this is a funded place."
    if funded_place and not eligible_for_funding:
        return "DfE says this applicant is not eligible for funding, so the place cannot be a funded one."
    return ""


@dataclass(frozen=True)
class Evidence:
    ready: bool
    facts: dict  # stored with the declaration
    reason: str  # why it is not ready, in plain words ("" when ready)


def evidence_for(
    declaration_type: str,
    *,
    attended: int,
    days: int,
    held: int,
    outcome: bool | None,
    outcome_note: str,
    units_done: int = 0,
    units: int = 0,
) -> Evidence:
    """Whether the portal holds evidence for ``declaration_type``, and what it is. Engagement is the evidence
    for ``retained`` declarations: the same share of the programme's self-study units as of its sessions,
    where the programme has self-study (curriculum)."""
    facts = {"days attended": attended, "teaching days": days, "days held so far": held}
    if units:
        facts |= {"self-study units completed": units_done, "self-study units": units}
    if declaration_type == "completed":
        facts["outcome"] = {True: "passed", False: "failed", None: "not decided"}[outcome]
        facts["award decision"] = outcome_note
        if outcome is None:
            return Evidence(False, facts, f"No outcome yet: {outcome_note}")
        return Evidence(True, facts, "")
    needed = max(1, math.ceil(ATTENDANCE_SHARE[declaration_type] * days)) if days else 1
    facts["days needed"] = needed
    short = []
    if attended < needed:
        short.append(f"Attended {attended} of {days} teaching days; {needed} needed for this milestone.")
    if units and declaration_type != "started":
        units_needed = max(1, math.ceil(ATTENDANCE_SHARE[declaration_type] * units))
        facts["units needed"] = units_needed
        if units_done < units_needed:
            short.append(f"Completed {units_done} of {units} self-study units; {units_needed} needed.")
    return Evidence(not short, facts, " ".join(short))


def milestone_dates(cohort: str, schedule: str, declaration_type: str) -> tuple[dt.date, dt.date] | None:
    """(milestone date, payment date) where DfE has published them for this cohort and schedule."""
    return MILESTONES.get((cohort, schedule), {}).get(declaration_type)


def next_type(declared: set[str]) -> str | None:
    """The next milestone not yet declared, in order."""
    for declaration_type in DECLARATION_TYPES:
        if declaration_type not in declared:
            return declaration_type
    return None
