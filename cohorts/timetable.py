"""Pure rules for a cohort's timetable: what makes it contradict itself (errors) and what deserves a
second look (warnings). No database: the service gathers bank holidays and tutor bookings and passes them in.
"""

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nasenco.dates import long_date

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class DayPlan:
    """One row of the timetable as entered."""

    number: int | None
    date: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    mode: str = "virtual"  # "venue" or "virtual"
    has_venue: bool = False
    has_link: bool = False

    @property
    def label(self) -> str:
        return "Orientation" if self.number == 0 else f"Day {self.number}"


@dataclass(frozen=True)
class Problem:
    row: int | None  # index into the rows given; None for the timetable as a whole
    field: str | None
    message: str


@dataclass
class Verdict:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_timetable(
    rows: Sequence[DayPlan],
    *,
    bank_holidays: Mapping[dt.date, str] = {},
    tutor_clashes: Mapping[int, Sequence[str]] = {},
) -> Verdict:
    """Every problem with the timetable in one pass: errors (each row's own fields, numbering, dates in
    order) and warnings (weekends, bank holidays, tutors booked elsewhere)."""
    numbered = [(row.number, i, row) for i, row in enumerate(rows) if row.number is not None]
    first_of_number: dict[int, int] = {}
    for number, i, _ in numbered:
        first_of_number.setdefault(number, i)
    errors = [
        *(problem for i, row in enumerate(rows) for problem in _row_errors(i, row)),
        *_duplicate_numbers(numbered, first_of_number),
        *_gaps_in_numbering(first_of_number),
        *_dates_out_of_order(numbered, first_of_number),
    ]
    warnings = [
        problem for i, row in enumerate(rows) for problem in _row_warnings(i, row, bank_holidays, tutor_clashes)
    ]
    return Verdict(errors=errors, warnings=warnings)


def _row_errors(i: int, row: DayPlan) -> list[Problem]:
    problems = []
    if row.number is None:
        problems.append(Problem(i, "number", "Give the session a number: 0 for orientation, then 1, 2, 3…"))
    if row.date is None:
        problems.append(Problem(i, "date", f"Enter the date of {row.label}."))
    if (row.start_time is None) != (row.end_time is None):
        missing = "end_time" if row.end_time is None else "start_time"
        problems.append(Problem(i, missing, "Give both a start and an end time, or leave both empty."))
    elif row.start_time and row.end_time and row.end_time <= row.start_time:
        problems.append(Problem(i, "end_time", f"The end time must be after the start time ({row.start_time:%H:%M})."))
    if row.mode == "venue" and not row.has_venue:
        problems.append(Problem(i, "venue", f"Choose the venue for {row.label}, or make it a virtual session."))
    if row.mode == "virtual" and not row.has_link:
        problems.append(Problem(i, "joining_link", f"Add the joining link for {row.label}, or make it a venue day."))
    return problems


def _duplicate_numbers(numbered, first_of_number) -> list[Problem]:
    return [
        Problem(i, "number", f"{row.label} appears twice. Each session needs its own number.")
        for number, i, row in numbered
        if first_of_number[number] != i
    ]


def _gaps_in_numbering(first_of_number) -> list[Problem]:
    teaching = sorted(n for n in first_of_number if n > 0)
    for expected, number in enumerate(teaching, start=1):
        if number != expected:
            return [
                Problem(
                    None,
                    None,
                    f"Day {expected} is missing: number the teaching days 1 to {len(teaching)} without gaps.",
                )
            ]
    return []


def _dates_out_of_order(numbered, first_of_number) -> list[Problem]:
    dated = sorted(
        ((n, i, row) for n, i, row in numbered if row.date and first_of_number.get(n) == i), key=lambda t: t[0]
    )
    problems = []
    for (_, _, before), (_, i, after) in itertools.pairwise(dated):
        if after.date == before.date:
            problems.append(
                Problem(
                    i, "date", f"{after.label} is on the same date as {before.label}. Each session needs its own date."
                )
            )
        elif after.date < before.date:
            problems.append(
                Problem(
                    i,
                    "date",
                    f"{after.label} ({long_date(after.date)}) is before {before.label} "
                    f"({long_date(before.date)}). Sessions must run in order: check both dates.",
                )
            )
    return problems


def _row_warnings(i: int, row: DayPlan, bank_holidays, tutor_clashes) -> list[Problem]:
    if row.date is None:
        return []
    problems = []
    if row.date.weekday() >= 5:
        problems.append(Problem(i, "date", f"{row.label} falls on a {WEEKDAYS[row.date.weekday()]}."))
    if row.date in bank_holidays:
        problems.append(Problem(i, "date", f"{row.label} is on {bank_holidays[row.date]}, a bank holiday in England."))
    problems += [Problem(i, None, clash) for clash in tutor_clashes.get(i, ())]
    return problems


def england_bank_holidays(dates) -> dict[dt.date, str]:
    """Bank holidays in England (the maintained `holidays` library) on any of ``dates``."""
    import holidays

    dates = [d for d in dates if d]
    if not dates:
        return {}
    years = range(min(dates).year, max(dates).year + 1)
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return {d: calendar[d] for d in dates if d in calendar}


def same_weekday_next_year(day: dt.date) -> dt.date:
    """52 weeks on: the same weekday, about a year later (duplicating a cohort into next year)."""
    return day + dt.timedelta(weeks=52)


def times_overlap(a_start, a_end, b_start, b_end) -> bool:
    """Two sessions on the same date overlap; a session without times takes the whole day."""
    if None in (a_start, a_end, b_start, b_end):
        return True
    return a_start < b_end and b_start < a_end
