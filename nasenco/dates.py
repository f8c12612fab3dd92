"""Dates as people read them, and month arithmetic: one place for both."""

import datetime as dt

from dateutil.relativedelta import relativedelta


def long_date(day: dt.date) -> str:
    """ "5 October 2023": the portal's way of writing a date (British English, no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``months`` later (or earlier, if negative), clamped to the month's end: 31 August less 6 months is
    28 February (29 in a leap year)."""
    return day + relativedelta(months=months)
