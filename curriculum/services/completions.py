"""Self-study completion: a participant marks a unit done (or not done), or staff bring in the learning
platform's export, checked line by line into a preview and applied when they confirm."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts.services import activity_record
from enrolment.imports import parse_date
from enrolment.selectors import participants_of
from nasenco.spreadsheets import read_table

from ..models import Completion, CompletionImport, Unit
from ..selectors import plan_of

WHO = ("email", "email address", "user", "username")
UNIT = ("unit", "unit number", "activity", "module", "title")
WHEN = ("completed", "completed on", "completion date", "date completed", "date")


@transaction.atomic
def completion_mark(*, unit: Unit, participant, done: bool, by, today=None) -> Completion | None:
    """Mark a unit done (idempotent) or not done. Only the participant's own marking can be taken back by
    them: an import or staff record stands until staff change it."""
    today = today or timezone.localdate()
    existing = Completion.objects.select_for_update().filter(unit=unit, participant=participant).first()
    if done:
        if existing is not None:
            return existing
        source = Completion.Source.PARTICIPANT if by == participant else Completion.Source.STAFF
        completion = Completion.objects.create(
            unit=unit, participant=participant, completed_on=today, source=source, recorded_by=by
        )
    else:
        if existing is None:
            return None
        if by == participant and existing.source != Completion.Source.PARTICIPANT:
            raise ValidationError("Your provider recorded this unit as done; ask your tutor to change it.")
        existing.delete()
        completion = None
    activity_record(
        provider_id=unit.plan.programme.provider_id,
        by=by,
        action="curriculum.self-study",
        summary=f"{unit} marked {'done' if done else 'not done'}",
        obj=unit.plan.programme,
        label=unit.plan.programme.title,
        about=participant,
    )
    return completion


def completion_import_preview(*, cohort, upload, by) -> CompletionImport:
    headers, raw_rows = read_table(upload)
    if not any(h in WHO for h in headers) or not any(h in UNIT for h in headers):
        raise ValidationError("The first row must name the columns: “email” and “unit” (its number or title).")
    plan = plan_of(cohort.programme)
    if plan is None:
        raise ValidationError("This cohort's programme has no self-study units yet: set up its curriculum first.")
    units = list(plan.units.all())
    by_key = {str(u.number): u for u in units} | {u.title.strip().lower(): u for u in units}
    people = {
        p.address: p for p in participants_of([cohort.pk]).annotate(address=Lower("email")).only("pk", "full_name")
    }
    done = set(
        Completion.objects.filter(unit__plan=plan, participant__in=people.values()).values_list(
            "unit_id", "participant_id"
        )
    )
    rows, seen = [], set()
    for raw in raw_rows:
        who = next((raw[h] for h in WHO if raw.get(h)), "").strip().lower()
        key = next((raw[h] for h in UNIT if raw.get(h)), "").strip()
        when_text = next((raw[h] for h in WHEN if raw.get(h)), "").strip()
        person, unit = people.get(who), by_key.get(key.lower().removeprefix("unit ").strip()) or by_key.get(key.lower())
        when = parse_date(when_text) if when_text else None
        verdict, reason = "add", ""
        if not who:
            verdict, reason = "invalid", "no email"
        elif person is None:
            verdict, reason = "unknown", f"{who} has no place on {cohort.name}"
        elif unit is None:
            verdict, reason = "invalid", f"no unit “{key}”: use its number (1–{len(units)}) or its title"
        elif when_text and when is None:
            verdict, reason = "invalid", f"“{when_text}” is not a date (write 5 October 2023 or 2023-10-05)"
        elif (unit.pk, person.pk) in seen:
            verdict, reason = "duplicate", "this unit appears twice for this person in the file"
        elif (unit.pk, person.pk) in done:
            verdict, reason = "same", "already recorded as done"
        if person is not None and unit is not None:
            seen.add((unit.pk, person.pk))
        rows.append(
            {
                "line": raw["_line"],
                "who": who,
                "name": person.full_name if person else "",
                "participant": person.pk if person else None,
                "unit": unit.pk if unit else None,
                "unit_label": str(unit) if unit else key,
                "completed_on": (when or timezone.localdate()).isoformat() if verdict == "add" else "",
                "verdict": verdict,
                "reason": reason,
            }
        )
    batch = CompletionImport.objects.create(
        cohort=cohort, created_by=by, file_name=(upload.name or "self-study")[:200], rows=rows
    )
    activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action="curriculum.import-checked",
        summary=f"Uploaded {batch.file_name}: {batch.count('add')} completion(s) to record",
        obj=cohort,
        label=str(cohort),
    )
    return batch


@transaction.atomic
def completion_import_apply(*, batch: CompletionImport, by) -> int:
    """Record every checked completion; applying twice changes nothing the second time."""
    locked = CompletionImport.objects.select_for_update().get(pk=batch.pk)
    if locked.applied_at is not None:
        raise ValidationError("This file has already been applied.")
    wanted = [row for row in locked.rows if row["verdict"] == "add"]
    already = set(  # marked done by the participant since the file was checked: theirs stands
        Completion.objects.filter(
            unit_id__in={row["unit"] for row in wanted}, participant_id__in={row["participant"] for row in wanted}
        ).values_list("unit_id", "participant_id")
    )
    created = Completion.objects.bulk_create(
        [
            Completion(
                unit_id=row["unit"],
                participant_id=row["participant"],
                completed_on=row["completed_on"],
                source=Completion.Source.IMPORT,
                recorded_by=by,
            )
            for row in wanted
            if (row["unit"], row["participant"]) not in already
        ],
        ignore_conflicts=True,  # and if one lands between the two statements, it stands too
    )
    locked.applied_at, locked.applied = timezone.now(), len(created)
    locked.save(update_fields=["applied_at", "applied"])
    activity_record(
        provider_id=locked.cohort.provider_id,
        by=by,
        action="curriculum.imported",
        summary=f"Recorded {len(created)} self-study completion(s) from {locked.file_name}",
        obj=locked.cohort,
        label=str(locked.cohort),
    )
    return len(created)
