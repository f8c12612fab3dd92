"""iCalendar (RFC 5545) feeds of teaching days, built with the `icalendar` library.

Each session keeps one UID for life and a SEQUENCE that rises when its date, time or place changes, so a
subscribed calendar replaces the event instead of adding a second one.

Apps above add their own all-day dates without this app naming them: the assessment app a person's due dates
(an approved extension's date instead) and a cohort's, the enrolment app a person's statutory deadline
(``provide_dates``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, Timezone

from nasenco.navigation import link

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DateEvent:
    """An all-day date in a feed. The UID is stable, so a moved date replaces the event rather than adding one;
    DTSTAMP comes from the date itself, so an unchanged date reads the same in every download."""

    uid: str
    summary: str
    on: dt.date
    description: str = ""


_personal: list[Callable] = []
_cohort: list[Callable] = []


def provide_dates(*, personal: Callable | None = None, cohort: Callable | None = None) -> None:
    """Register ``personal(user) -> [DateEvent]`` and/or ``cohort(cohort) -> [DateEvent]``."""
    for registry, source in ((_personal, personal), (_cohort, cohort)):
        if source is not None and source not in registry:
            registry.append(source)


def personal_dates(user) -> list[DateEvent]:
    return [event for source in _personal for event in source(user)]


def cohort_dates(cohort) -> list[DateEvent]:
    return [event for source in _cohort for event in source(cohort)]


def uid_for(day) -> str:
    return f"teaching-day-{day.pk}@nasenco-portal"


def build_calendar(days, *, name: str, dates_due=(), staff: bool = False) -> bytes:
    """``staff``: each event's "Timetable:" link opens the cohort's page; otherwise the participant's own
    timetable (a participant cannot open the cohort's page)."""
    cal = Calendar()
    cal.add("prodid", "-//NASENCO Portal//Teaching days//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    dates = []
    for day in days:
        cal.add_component(_event(day, staff=staff))
        dates.append(day.date)
    for date_event in dates_due:
        cal.add_component(_date_event(date_event))
        dates.append(date_event.on)
    if dates:
        # The Europe/London rules only for the years the sessions span (a year either side): icalendar's
        # default (1970–2038) costs about 7 ms and 10 KB for every calendar. Whole years, so the reminder
        # sweep's hundreds of one-day attachments share a handful of VTIMEZONEs, each made once.
        first, last = min(dates).year - 1, max(dates).year + 1
        for position, tzid in enumerate(sorted(cal.get_missing_tzids())):
            cal.subcomponents.insert(position, _timezone(tzid, first, last))
    return cal.to_ical()


@lru_cache(maxsize=32)
def _timezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for whole years; shared by calendars (they only read it)."""
    return Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31))


def _date_event(date_event: DateEvent) -> Event:
    event = Event()
    event.add("uid", date_event.uid)
    event.add("summary", date_event.summary)
    event.add("dtstart", date_event.on)
    event.add("dtend", date_event.on + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime.combine(date_event.on, dt.time(0), tzinfo=dt.UTC))
    event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
    if date_event.description:
        event.add("description", date_event.description)
    return event


def _event(day, *, staff: bool = False) -> Event:
    event = Event()
    cohort = day.cohort
    label = "Orientation" if day.number == 0 else f"Day {day.number}"
    event.add("uid", uid_for(day))
    event.add("summary", f"{cohort.name}: {label} ({cohort.provider.name})")
    if day.start_time and day.end_time:
        event.add("dtstart", dt.datetime.combine(day.date, day.start_time, tzinfo=LONDON))
        event.add("dtend", dt.datetime.combine(day.date, day.end_time, tzinfo=LONDON))
    else:
        event.add("dtstart", day.date)
        event.add("dtend", day.date + dt.timedelta(days=1))
    event.add("dtstamp", day.updated)
    event.add("last-modified", day.updated)
    event.add("sequence", day.sequence)
    description = []
    if day.mode == "venue" and day.venue:
        where = ", ".join(p for p in (day.venue.name, day.venue.address, day.venue.postcode) if p)
        event.add("location", where)
    else:
        event.add("location", "Virtual classroom")
        if day.joining_link:
            event.add("url", day.joining_link)
            description.append(f"Join: {day.joining_link}")
    if day.topics:
        description.append(day.topics)
    where = reverse("cohorts:cohort-detail", args=[cohort.pk]) if staff else link("participant_timetable")
    description.append(f"Timetable: {settings.SITE_URL}{where}")
    event.add("description", "\n".join(description))
    return event
