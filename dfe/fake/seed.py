"""What the offline DfE holds for a demo lead provider: a dozen NPQ for SENCOs applications and the year's
statements, in DfE's cohort for ``today``'s academic year."""

import datetime as dt

from .state import Dfe, Lead

NAMES = [
    "Amira Begum", "Ben Carter", "Chloe Davies", "Daniel Evans", "Erin Foster", "Faisal Khan",
    "Grace Hughes", "Harry Iqbal", "Isla Jones", "Jack Lewis", "Kiran Patel", "Lucy Morgan",
]  # fmt: skip


def dfe_cohort(today: dt.date) -> str:
    """DfE's cohort: the year the academic year starts (September)."""
    return str(today.year if today.month >= 9 else today.year - 1)


PARTNERS = ("Eastern Partnership UK (SEND)", "Norfolk SEND Teaching School Hub")


def seed_lead(dfe: Dfe, *, name: str, token: str, today: dt.date, schools=()) -> Lead:
    """``schools``: (URN, name) pairs the applicants work at, in turn."""
    lead = dfe.add_lead(name, token)
    cohort = dfe_cohort(today)
    for partner in PARTNERS:  # DfE assigns delivery partners; declarations name one (from cohort 2024)
        dfe.add_delivery_partner(partner, cohorts=(cohort,))
    for n, full_name in enumerate(NAMES):
        urn, school = schools[n % len(schools)] if schools else (f"{141000 + n}", f"Demo School {n + 1}")
        first, last = full_name.lower().split()
        dfe.add_application(
            lead,
            full_name=full_name,
            email=f"{first}.{last}@school.example",
            teacher_reference_number=f"{3000001 + n}",
            school_urn=urn,
            employer_name=school,
            works_as_senco=n % 3 != 0,  # every third an aspiring SENCO
            senco_start_date=(today - dt.timedelta(days=60 + 30 * n)).isoformat() if n % 3 else None,
            eligible_for_funding=n % 5 != 4,
            targeted_delivery_funding_eligibility=n % 4 == 1,
            cohort=cohort,
        )
    first = today.replace(day=1)
    for months in range(-1, 12, 3):  # quarterly statements around today
        month = (first.month - 1 + months) % 12 + 1
        year = first.year + (first.month - 1 + months) // 12
        cut_off = dt.date(year, month, 28)
        dfe.add_statement(
            lead,
            cohort=cohort,
            month=cut_off.strftime("%B"),
            year=str(year),
            cut_off=cut_off,
            payment=cut_off + dt.timedelta(days=25),
        )
    return lead
