"""Pure rules for proposing a cohort's dates from a pattern ("every 4 weeks on Thursdays from 17 September"),
stepping round bank holidays and school holidays, and proposing due dates from a programme's offsets.

Bank holidays come from the maintained ``holidays`` library (England). School holidays are set by each local
authority and academy trust, so no national list exists: ``typical_school_holidays`` gives the usual
English pattern (Christmas, February and October half-terms, Easter, the late-May half-term and summer),
which is what a provider plans around before checking its schools' own calendars. Every proposed date stays
editable before anything is saved.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter

from .timetable import england_bank_holidays

WEEK = dt.timedelta(weeks=1)


@dataclass(frozen=True)
class Pattern:
    first: dt.date
    every_weeks: int = 4
    skip_school_holidays: bool = True


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _last_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    return day - dt.timedelta(days=day.weekday())


def typical_school_holidays(year: int) -> list[tuple[dt.date, dt.date, str]]:
    """The usual English school holidays touching ``year`` (first and last day, inclusive, and a name)."""
    good_friday = easter(year) - dt.timedelta(days=2)
    february = dt.date(year, 2, 15)  # the half-term week holding the middle of February
    return [
        (dt.date(year - 1, 12, 20), dt.date(year, 1, 3), "the Christmas holidays"),
        (*_week_of(february), "February half-term"),
        (good_friday - dt.timedelta(days=4), good_friday + dt.timedelta(days=10), "the Easter holidays"),
        (*_week_of(_last_monday(year, 5)), "May half-term"),
        (dt.date(year, 7, 23), dt.date(year, 8, 31), "the summer holidays"),
        (*_week_of(_last_monday(year, 10)), "October half-term"),
        (dt.date(year, 12, 20), dt.date(year + 1, 1, 3), "the Christmas holidays"),
    ]


def school_holiday_on(day: dt.date) -> str | None:
    for first, last, name in typical_school_holidays(day.year):
        if first <= day <= last:
            return name
    return None


def propose_dates(
    pattern: Pattern, count: int, *, blocked: Callable[[dt.date], str | None]
) -> list[tuple[dt.date, str | None]]:
    """``count`` dates on the first date's weekday, ``every_weeks`` apart; a date ``blocked`` names (a bank
    or school holiday) moves on a week at a time, and the pattern carries on from where it landed. Each date
    comes with the reason it moved, if it did."""
    dates, day = [], pattern.first
    for _ in range(count):
        moved = None
        for _attempt in range(10):  # never more than ten weeks of holiday in a row
            reason = blocked(day)
            if reason is None:
                break
            moved = moved or f"moved on from {day.day} {day:%B} ({reason})"
            day += WEEK
        dates.append((day, moved))
        day += pattern.every_weeks * WEEK
    return dates


def holiday_check(pattern: Pattern, horizon_years: int = 3) -> Callable[[dt.date], str | None]:
    """What blocks a date: a bank holiday in England always; a typical school holiday if asked."""
    span = [pattern.first + dt.timedelta(days=d) for d in range(0, 366 * horizon_years, 1)]
    banks = england_bank_holidays(span)

    def blocked(day: dt.date) -> str | None:
        if day in banks:
            return f"{banks[day]}, a bank holiday"
        return school_holiday_on(day) if pattern.skip_school_holidays else None

    return blocked


def school_day_from(day: dt.date) -> dt.date:
    """``day`` if it is a weekday, else the Monday after: teaching days are school days (demo data dated from
    the day it is loaded uses this, so a demo loaded on a Sunday does not teach on Sundays)."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def due_from_offset(first_session: dt.date | None, weeks: int | None) -> dt.date | None:
    """A component's proposed due date: ``weeks`` after the cohort's first session."""
    if first_session is None or weeks is None:
        return None
    return first_session + weeks * WEEK
