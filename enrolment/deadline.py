"""The statutory deadline: by when a SENCO must hold the award. Pure: dates in, a decision with reasons out.

Sources: the SEND Regulations 2014, regulation 49 (the award by the third anniversary of becoming SENCO,
for those who became SENCO after 1 September 2009 and had not already been SENCO for more than 12 months
in total), and SI 2024/535 (NASENCO counts only if completed before 1 September 2027).
"""

import datetime as dt
from dataclasses import dataclass

REQUIREMENT_START = dt.date(2009, 9, 1)
NASENCO_LAST_DAY = dt.date(2027, 8, 31)
REG_49 = "SEND Regulations 2014, reg. 49"
SI_2024_535 = "SI 2024/535 (transition to the NPQ for SENCOs)"


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None  # None: the award is not required by a date
    reason: str
    source: str

    @property
    def required(self) -> bool:
        return self.date is not None


def third_anniversary(appointed: dt.date) -> dt.date:
    """Three years on. A 29 February appointment falls due on 28 February, the earlier reading, so
    nobody misses it by a day."""
    try:
        return appointed.replace(year=appointed.year + 3)
    except ValueError:
        return dt.date(appointed.year + 3, 2, 28)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def statutory_deadline(
    *, appointed_on: dt.date | None, months_previously_senco: int = 0, qualification: str = "NASENCO"
) -> Deadline:
    if appointed_on is None:
        return Deadline(None, "Not yet required: the three years start on the day you are appointed SENCO.", REG_49)
    if appointed_on <= REQUIREMENT_START:
        return Deadline(
            None,
            f"Not required: you became SENCO on {long_date(appointed_on)}, before the requirement began on "
            f"{long_date(REQUIREMENT_START)}.",
            REG_49,
        )
    if months_previously_senco > 12:
        return Deadline(
            None,
            f"Not required: you had already been a SENCO for {months_previously_senco} months in total "
            "before this appointment, more than the 12 months the rule allows.",
            REG_49,
        )
    anniversary = third_anniversary(appointed_on)
    if qualification == "NASENCO" and anniversary > NASENCO_LAST_DAY:
        return Deadline(
            NASENCO_LAST_DAY,
            f"The third anniversary of your appointment is {long_date(anniversary)}, but the National Award "
            f"only counts if completed by {long_date(NASENCO_LAST_DAY)}.",
            SI_2024_535,
        )
    return Deadline(
        anniversary,
        f"The award must be held by the third anniversary of becoming SENCO ({long_date(appointed_on)}).",
        REG_49,
    )


def deadline_status(deadline: Deadline, *, today: dt.date, assessment_ends: dt.date | None = None) -> str:
    """ "red", "amber", "green" or "none".

    Red: past, within 90 days, or the cohort's assessment ends after the deadline. Amber: within a year, or
    the assessment ends within 60 days of it. Green otherwise.
    """
    if not deadline.required:
        return "none"
    remaining = (deadline.date - today).days
    if remaining < 90 or (assessment_ends and assessment_ends > deadline.date):
        return "red"
    if remaining < 365 or (assessment_ends and (deadline.date - assessment_ends).days < 60):
        return "amber"
    return "green"


STATUS_LABELS = {
    "red": "At risk",
    "amber": "Close",
    "green": "On track",
    "none": "No statutory deadline",
}
