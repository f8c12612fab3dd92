"""The case study's windows, pure: which window a participant's next attempt is sat in, and whether it is open.

A first attempt is sat in the cohort's first window; a resit after a released fail in the next window after
the one last sat; an approved later window (extenuating circumstances) replaces the one it defers. Extra time
moves the closing time for that person only. Times are compared as instants and shown in Europe/London."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from nasenco.dates import long_date


def when(moment: dt.datetime) -> str:
    """ "9:00 on 5 March 2027": a moment as the UK reads it, in Europe/London time."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {long_date(local.date())}"


@dataclass(frozen=True)
class Sitting:
    window: object | None
    closes_at: dt.datetime | None  # with the person's extra time
    state: str  # "none", "upcoming", "open", "closed"
    message: str

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def sitting_for(windows, *, used: list[int], deferred_to: int | None, extra_minutes: int, now: dt.datetime) -> Sitting:
    """``windows``: the cohort's windows for the component; ``used``: ids of windows already sat (one per
    attempt handed in); ``deferred_to``: the id of an approved later window."""
    ordered = sorted(windows, key=lambda w: w.opens_at)
    by_id = {w.pk: w for w in ordered}
    window = by_id.get(deferred_to) if deferred_to not in used else None
    if window is None:
        last = max((i for i, w in enumerate(ordered) if w.pk in used), default=-1)
        later = ordered[last + 1 :]
        window = later[0] if later else None
    if window is None:
        return Sitting(None, None, "none", "No window is set for your next attempt yet: your provider publishes it.")
    closes = window.closes_at + dt.timedelta(minutes=extra_minutes)
    extra = f" (with your {extra_minutes} minutes' extra time)" if extra_minutes else ""
    if now < window.opens_at:
        return Sitting(
            window, closes, "upcoming", f"The case study opens at {when(window.opens_at)}: the brief appears then."
        )
    if now > closes:
        return Sitting(window, closes, "closed", f"The window closed at {when(closes)}{extra}.")
    return Sitting(window, closes, "open", f"Open: hand in by {when(closes)}{extra}.")


def appeal_deadline(released_at: dt.datetime, days: int) -> dt.date:
    """The last day an appeal may be lodged: ``days`` after the day the result was released (UK date)."""
    return timezone.localtime(released_at).date() + dt.timedelta(days=days)


def within_words(word_count: int | None, limit: int | None, tolerance_percent: int) -> bool:
    return not (word_count and limit) or word_count <= limit * (100 + tolerance_percent) // 100
