"""Registers and catch-up bookings."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from nasenco.dates import long_date

from .. import roster
from ..models import Attendance, CatchUp, Cohort, TeachingDay
from .activity import activity_record


class CatchUpRefused(Exception):
    pass


NOTE_MAX = 200


@transaction.atomic
def attendance_record(
    *, day: TeachingDay, marks: Mapping[int, str], by, notes: Mapping[int, str] | None = None, by_name: str = ""
) -> int:
    """Record present (on time, late or leaving early) / absent / authorised absence, with an optional note,
    for people expected at ``day``.

    Only the cohort's own participants and those booked onto the day for catch-up can be marked; a mark
    for anyone else is ignored. Returns how many marks were saved.
    """
    notes = {pk: note.strip() for pk, note in (notes or {}).items()}
    too_long = [pk for pk, note in notes.items() if len(note) > NOTE_MAX]
    if too_long:
        raise ValidationError(f"Keep each note to {NOTE_MAX} characters: {len(too_long)} note(s) are longer.")
    expected = set(roster.participants_of(day.cohort_id).values_list("pk", flat=True))
    expected |= set(day.catch_ups.values_list("participant_id", flat=True))
    before = {
        pk: (status, note)
        for pk, status, note in Attendance.objects.filter(day=day).values_list("participant_id", "status", "note")
    }
    saved, changed = 0, {}
    for participant_id, status in marks.items():
        if participant_id not in expected or status not in Attendance.Status.values:
            continue
        note = notes.get(participant_id, before.get(participant_id, ("", ""))[1])
        Attendance.objects.update_or_create(
            day=day, participant_id=participant_id, defaults={"status": status, "note": note, "recorded_by": by}
        )
        saved += 1
        old = before.get(participant_id)
        if old != (status, note):
            changed[participant_id] = (
                " — ".join(filter(None, old)) if old else None,
                " — ".join(filter(None, (status, note))),
            )
    # One entry per person whose mark changed, ``about`` them: their subject-access export includes it and
    # erasure empties it (issue 25, 5: one entry naming everyone was missed by both).
    people = get_user_model().objects.in_bulk(list(changed))
    label = f"{day.cohort.name}, {_day_name(day)} ({long_date(day.date)})"
    for participant_id, (old, new) in changed.items():
        person = people.get(participant_id)
        activity_record(
            provider_id=day.cohort.provider_id,
            by=by,
            action="register.taken",
            summary=f"Register taken: {person.full_name if person else participant_id} marked {new}",
            obj=day,
            label=label,
            about=person,
            changes={"attendance": (old, new)},
            by_name=by_name,
        )
    return saved


def _day_name(day: TeachingDay) -> str:
    return "Orientation" if day.number == 0 else f"Day {day.number}"


@transaction.atomic
def catch_up_book(*, participant, home_cohort: Cohort, day: TeachingDay, by) -> CatchUp:
    """Book ``participant`` of ``home_cohort`` onto ``day`` of another cohort of the same programme."""
    if day.cohort_id == home_cohort.pk:
        raise CatchUpRefused("Choose a session in another cohort: this is the participant's own cohort.")
    if day.cohort.programme_id != home_cohort.programme_id:
        raise CatchUpRefused("Catch-up must be on a cohort of the same programme.")
    if day.number == 0:
        raise CatchUpRefused("Orientation sessions are not teaching days; choose Day 1 or later.")
    if not roster.participants_of(home_cohort.pk).filter(pk=participant.pk).exists():
        raise CatchUpRefused(f"{participant} does not hold a place on {home_cohort.name}.")
    if not home_cohort.days.filter(number=day.number).exists():
        raise CatchUpRefused(f"{home_cohort.name} has no Day {day.number} to catch up.")
    existing = CatchUp.objects.filter(participant=participant, home_cohort=home_cohort, day__number=day.number)
    if existing.exclude(day=day).exists():
        raise CatchUpRefused(f"{participant} is already booked to catch up Day {day.number} elsewhere.")
    booking, created = CatchUp.objects.get_or_create(
        participant=participant, day=day, defaults={"home_cohort": home_cohort, "booked_by": by}
    )
    if created:
        _catch_up_record(booking, by=by, action="catch-up.booked", summary="Booked to catch up")
    return booking


@transaction.atomic
def catch_up_cancel(*, booking: CatchUp, by) -> None:
    _catch_up_record(booking, by=by, action="catch-up.cancelled", summary="Catch-up cancelled")
    Attendance.objects.filter(day=booking.day, participant=booking.participant).delete()
    booking.delete()


def _catch_up_record(booking: CatchUp, *, by, action: str, summary: str) -> None:
    day = booking.day
    activity_record(
        provider_id=booking.home_cohort.provider_id,
        by=by,
        action=action,
        summary=f"{summary}: {day.cohort.name}, {_day_name(day)} ({long_date(day.date)})",
        obj=booking,
        label=f"{booking.participant.full_name} of {booking.home_cohort.name}",
        about=booking.participant,
    )
