"""Saving a cohort with its timetable, announcing changes, and duplicating a cohort into next year."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from nasenco.mail.services import email_queue
from nasenco.queue import publish, publish_on_commit

from .. import roster
from ..calendar import build_calendar
from ..models import Cohort, TeachingDay, TimetableChange, Venue
from ..selectors import tutor_bookings_on
from ..timetable import (
    DayPlan,
    Verdict,
    check_timetable,
    england_bank_holidays,
    long_date,
    same_weekday_next_year,
    times_overlap,
)
from .activity import activity_record, changes_between

ANNOUNCE_TASK = "cohorts.tasks.announce_timetable_change"
RELAY_AFTER = dt.timedelta(minutes=2)


class TimetableConflict(Exception):
    """Someone saved the cohort after this edit began; nothing was changed."""


class TimetableInvalid(Exception):
    def __init__(self, verdict: Verdict):
        super().__init__("; ".join(p.message for p in verdict.errors))
        self.verdict = verdict


@dataclass
class DayInput:
    """A timetable row as a form hands it over. ``pk`` is set for an existing day."""

    number: int | None
    date: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    mode: str = TeachingDay.Mode.VIRTUAL
    venue: Venue | None = None
    joining_link: str = ""
    topics: str = ""
    pk: int | None = None
    delete: bool = False

    def plan(self) -> DayPlan:
        return DayPlan(
            self.number,
            self.date,
            self.start_time,
            self.end_time,
            self.mode,
            has_venue=self.venue is not None,
            has_link=bool(self.joining_link),
        )


def timetable_check(*, rows: Sequence[DayInput], tutor_ids: Sequence[int], cohort_id: int | None) -> Verdict:
    """Errors and warnings for the rows that will be kept (row indexes refer to ``rows``)."""
    kept = [(i, row) for i, row in enumerate(rows) if not row.delete]
    bookings = tutor_bookings_on([r.date for _, r in kept if r.date], tutor_ids, exclude_cohort_id=cohort_id)
    clashes: dict[int, list[str]] = {}
    for position, (_, row) in enumerate(kept):
        for booking in bookings.get(row.date, ()):
            if times_overlap(row.start_time, row.end_time, booking["start_time"], booking["end_time"]):
                clashes.setdefault(position, []).append(
                    f"{booking['tutor']} also teaches {booking['cohort']} ({booking['label']}) "
                    f"on {long_date(row.date)} at the same time."
                )
    verdict = check_timetable(
        [row.plan() for _, row in kept],
        bank_holidays=england_bank_holidays([r.date for _, r in kept]),
        tutor_clashes=clashes,
    )
    # Map problem rows back from "kept" positions to the caller's row indexes.
    for problems in (verdict.errors, verdict.warnings):
        problems[:] = [type(p)(kept[p.row][0] if p.row is not None else None, p.field, p.message) for p in problems]
    return verdict


def _describe(day: TeachingDay | DayInput) -> str:
    when = long_date(day.date)
    if day.start_time:
        when += f", {day.start_time:%H:%M}–{day.end_time:%H:%M}"
    where = f"at {day.venue.name}" if day.mode == TeachingDay.Mode.VENUE and day.venue else "in the virtual classroom"
    return f"{when}, {where}"


def _label(number: int) -> str:
    return "Orientation" if number == 0 else f"Day {number}"


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort,
    fields: dict,
    tutors: Sequence,
    rows: Sequence[DayInput],
    by,
    expected_version: int | None,
    notify: bool = True,
) -> TimetableChange | None:
    """Create or update ``cohort`` (unsaved for a new one) with its days, in one transaction.

    Raises TimetableConflict if the cohort changed since ``expected_version`` was read, and
    TimetableInvalid if the timetable contradicts itself. Returns the published change, if any:
    participants of an open or running cohort are emailed about changed dates, times and places.
    """
    creating = cohort.pk is None
    before = {}
    if not creating:
        current = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if current.version != expected_version:
            raise TimetableConflict
        cohort.version = current.version + 1
        before = {name: getattr(current, name) for name in fields}
        before["tutors"] = sorted(current.tutors.values_list("full_name", flat=True))
    verdict = timetable_check(rows=rows, tutor_ids=[t.pk for t in tutors], cohort_id=cohort.pk)
    if not verdict.ok:
        raise TimetableInvalid(verdict)

    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    cohort.tutors.set(tutors)

    changes = _days_save(cohort, rows, creating=creating)
    if not creating:
        roster.cohorts_changed(cohort.pk)  # the course's start and end may have moved
    _cohort_save_record(cohort, by=by, creating=creating, before=before, fields=fields, tutors=tutors, days=changes)

    if creating or not changes or not notify or cohort.status not in (Cohort.Status.OPEN, Cohort.Status.RUNNING):
        return None
    change = TimetableChange.objects.create(cohort=cohort, changed_by=by, summary="\n".join(changes))
    publish_on_commit(ANNOUNCE_TASK, change_id=change.pk)
    return change


def _cohort_save_record(cohort, *, by, creating, before, fields, tutors, days) -> None:
    after = {**fields, "tutors": sorted(t.full_name for t in tutors)}
    changed = changes_between(before, after) if not creating else {}
    if days:
        changed["timetable"] = (None, days)
    if creating or changed:
        summary = "Cohort created" if creating else "Cohort changed: " + ", ".join(changed)
        activity_record(
            provider_id=cohort.provider_id, by=by, action="cohort.saved", summary=summary, obj=cohort, changes=changed
        )


def _days_save(cohort: Cohort, rows: Sequence[DayInput], *, creating: bool) -> list[str]:
    """Delete, renumber, move and add the cohort's days as ``rows`` say; the changes in words."""
    existing = {day.pk: day for day in cohort.days.select_related("venue")} if not creating else {}
    changes: list[str] = []
    for row in rows:
        if row.delete and row.pk in existing:
            changes.append(f"{_label(existing[row.pk].number)} ({_describe(existing[row.pk])}) is cancelled.")
            existing.pop(row.pk).delete()
    kept = [row for row in rows if not row.delete]
    # Park renumbered days on free numbers first, so swapping two numbers never trips the unique constraint.
    for offset, row in enumerate(kept):
        if row.pk in existing and existing[row.pk].number != row.number:
            TeachingDay.objects.filter(pk=row.pk).update(number=1000 + offset)
    for row in kept:
        day = existing.get(row.pk) or TeachingDay(cohort=cohort)
        before = _describe(day) if day.pk else None
        for name in ("number", "date", "start_time", "end_time", "mode", "venue", "joining_link", "topics"):
            setattr(day, name, getattr(row, name))
        if day.mode == TeachingDay.Mode.VIRTUAL:
            day.venue = None
        after = _describe(day)
        if before is None and not creating:
            changes.append(f"{_label(day.number)} is added: {after}.")
        elif before is not None and before != after:
            day.sequence += 1
            changes.append(f"{_label(day.number)} moves from {before} to {after}.")
        day.full_clean(exclude=["cohort"])
        day.save()
    return changes


def timetable_change_announce(*, change_id: int) -> int:
    """Email every participant of the cohort about the change. Safe to repeat: each email has a key."""
    change = TimetableChange.objects.select_related("cohort__provider").get(pk=change_id)
    days = change.cohort.days.select_related("cohort__provider", "venue").order_by("number")
    calendar = {  # the timetable as it now stands: calendar apps update the events whose SEQUENCE rose
        "filename": f"{change.cohort.name} timetable.ics".replace("/", "-"),
        "content_type": "text/calendar",
        "content": build_calendar(days, name=f"{change.cohort.name} {change.cohort.academic_year}").decode(),
    }
    sent = 0
    for participant in roster.participants_of(change.cohort_id):
        email = email_queue(
            to=participant.email,
            template="cohorts/email/timetable_change",
            context={
                "participant": participant,
                "cohort": change.cohort,
                "lines": change.summary.splitlines(),
                "programme": change.cohort.programme.short_name,
            },
            key=f"timetable-change:{change.pk}:{participant.pk}",
            reply_to=change.cohort.provider.reply_address,
            attachments=[calendar],
        )
        sent += email is not None
    TimetableChange.objects.filter(pk=change.pk).update(
        notified=roster.participants_of(change.cohort_id).count(), announced_at=timezone.now()
    )
    return sent


def timetable_changes_relay(*, now=None) -> int:
    """Hand over again every change not announced a few minutes after it was saved (the broker was down).
    Announcing twice sends nothing twice: each email has a key."""
    now = now or timezone.now()
    waiting = TimetableChange.objects.filter(
        announced_at__isnull=True, created__lt=now - RELAY_AFTER, created__gt=now - dt.timedelta(days=7)
    )
    return sum(publish(ANNOUNCE_TASK, change_id=pk) for pk in waiting.values_list("pk", flat=True)[:500])


class DuplicateExists(Exception):
    pass


@transaction.atomic
def cohort_duplicate(*, cohort: Cohort, by) -> Cohort:
    """A draft copy for the next academic year: same name, tutors and places, dates 52 weeks on."""
    start = int(cohort.academic_year[:4]) + 1
    year = f"{start}-{(start + 1) % 100:02d}"
    copy = Cohort(
        provider=cohort.provider,
        programme=cohort.programme,
        name=cohort.name,
        academic_year=year,
        delivery=cohort.delivery,
        capacity=cohort.capacity,
        status=Cohort.Status.DRAFT,
        notes=cohort.notes,
    )
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:
        raise DuplicateExists(f"{cohort.name} already exists in {year}.") from None
    copy.tutors.set(cohort.tutors.all())
    TeachingDay.objects.bulk_create(
        [
            TeachingDay(
                cohort=copy,
                number=day.number,
                date=same_weekday_next_year(day.date),
                start_time=day.start_time,
                end_time=day.end_time,
                mode=day.mode,
                venue=day.venue,
                joining_link=day.joining_link,
                topics=day.topics,
            )
            for day in cohort.days.all()
        ]
    )
    activity_record(
        provider_id=copy.provider_id,
        by=by,
        action="cohort.duplicated",
        summary=f"Copied from {cohort.academic_year} into {year}",
        obj=copy,
    )
    return copy
