"""When work may be handed in. Pure: dates in, a verdict with its reason out."""

import datetime as dt
from dataclasses import dataclass

from nasenco.dates import long_date

# Work allocated to a marker is marked within this many days: the marker's calendar shows the day ("Mark
# by"), and the reminders app reminds them that day if it is still unmarked (its "marking_overdue" rule).
MARK_WITHIN_DAYS = 7


@dataclass(frozen=True)
class Timing:
    accepted: bool
    late: bool
    message: str


def judge(
    *, submitted_on: dt.date, due_on: dt.date | None, late_days: int = 14, extension_until: dt.date | None = None
) -> Timing:
    """On time by the due date (or an approved extension); late within ``late_days`` after it; refused after."""
    if due_on is None:
        return Timing(True, False, "No due date is set; the work is accepted.")
    due = max(due_on, extension_until) if extension_until else due_on
    if submitted_on <= due:
        return Timing(True, False, f"Handed in by the due date ({long_date(due)}).")
    cutoff = due + dt.timedelta(days=late_days)
    if submitted_on <= cutoff:
        return Timing(True, True, f"Late: the due date was {long_date(due)}. It will be marked, and shown as late.")
    return Timing(
        False,
        True,
        f"The last day to hand this in was {long_date(cutoff)}. Ask your provider for an "
        "extension; with one approved, you can submit.",
    )


def check_extension(*, until: dt.date, due_on: dt.date | None) -> None:
    if due_on is not None and until <= due_on:
        raise ValueError(f"An extension must end after the original due date ({long_date(due_on)}).")
