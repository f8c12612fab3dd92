"""Marks given offline, brought in from a spreadsheet: every line checked into a preview (nothing changes),
then applied when an admin confirms. Each change is a mark-history row marked as imported, with who
imported it, and an activity entry; released marks are never changed this way."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts.services import activity_record
from nasenco.spreadsheets import read_table

from ..marks import check_mark, passes
from ..models import Component, MarkChange, MarkImport, Submission
from .activity import WORK, work_record
from .marking import policies_applied

WHO = ("email", "email address", "candidate", "candidate number")
MARK = ("mark", "final mark", "result")
FEEDBACK = ("feedback", "comment", "comments")
PASS, FAIL = {"pass", "passed", "p"}, {"fail", "failed", "f"}


def mark_import_preview(*, cohort, component: Component, upload, by) -> MarkImport:
    headers, raw_rows = read_table(upload)
    if not any(h in WHO for h in headers) or not any(h in MARK for h in headers):
        raise ValidationError("The first row must name the columns: “email” (or “candidate number”) and “mark”.")
    latest = {}
    work = (
        Submission.objects.filter(enrolment__cohort=cohort, component=component)
        .select_related("enrolment__participant", "component")
        .annotate(address=Lower("enrolment__participant__email"))
        .order_by("attempt")
    )
    for submission in work:  # the latest attempt of each person wins
        latest[submission.address] = submission
        latest[submission.candidate_number.lower()] = submission
    rows, seen = [], set()
    for raw in raw_rows:
        who = next((raw[h] for h in WHO if raw.get(h)), "").strip().lower()
        text = next((raw[h] for h in MARK if raw.get(h)), "").strip().lower()
        feedback = next((raw[h] for h in FEEDBACK if raw.get(h)), "")
        verdict, reasons, value = "mark", [], None
        submission = latest.get(who)
        try:
            value = _value(component, text)
        except ValueError as error:
            verdict, reasons = "invalid", [str(error)]
        if verdict == "mark":
            if not who:
                verdict, reasons = "invalid", ["no email or candidate number"]
            elif submission is None:
                verdict, reasons = "no-work", [f"nothing handed in for {component.title} by {who}"]
            elif submission.pk in seen:
                verdict, reasons = "duplicate", ["this person appears twice in the file"]
            elif submission.status == Submission.Status.RELEASED:
                verdict, reasons = "released", ["the mark is released: change it through moderation, not a file"]
            elif _current(component, submission) == value:
                verdict, reasons = "same", ["the same mark is already recorded"]
        if submission is not None:
            seen.add(submission.pk)
        rows.append(
            {
                "line": raw["_line"],
                "who": who,
                "name": submission.enrolment.participant.full_name if submission else "",
                "submission": submission.pk if submission else None,
                "value": value,
                "old": _current(component, submission) if submission else None,
                "feedback": feedback,
                "verdict": verdict,
                "reasons": reasons,
            }
        )
    batch = MarkImport.objects.create(
        cohort=cohort, component=component, created_by=by, file_name=(upload.name or "marks")[:200], rows=rows
    )
    activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action="mark.import-checked",
        summary=f"Uploaded {batch.file_name}: {batch.count('mark')} mark(s) to apply",
        obj=component,
        label=f"{component.title} — {cohort.name}",
    )
    return batch


@transaction.atomic
def mark_import_apply(*, batch: MarkImport, by) -> int:
    """Apply every checked mark. Applying twice changes nothing the second time."""
    locked = MarkImport.objects.select_for_update().select_related("component").get(pk=batch.pk)
    if locked.applied_at is not None:
        raise ValidationError("These marks have already been applied.")
    component, applied = locked.component, 0
    for row in locked.rows:
        if row["verdict"] != "mark":
            continue
        submission = Submission.objects.select_for_update(of=("self",)).select_related(*WORK).get(pk=row["submission"])
        if submission.status == Submission.Status.RELEASED:
            row["verdict"], row["reasons"] = "released", ["released since the file was checked"]
            continue
        old = submission.final_mark if component.kind == Component.Kind.LEVEL_7 else submission.passed
        if component.kind == Component.Kind.LEVEL_7:
            result = policies_applied(submission, row["value"])
            submission.raw_mark, submission.final_mark, submission.mark_notes = row["value"], result.final, result.notes
            submission.passed = passes(result.final, component.pass_mark)
        else:
            submission.passed, submission.raw_mark, submission.final_mark = row["value"], None, None
        if row["feedback"]:
            submission.feedback = row["feedback"]
        submission.status, submission.version = Submission.Status.MARKED, submission.version + 1
        submission.save()
        MarkChange.objects.create(
            submission=submission,
            by=by,
            old_mark=old if isinstance(old, int) and not isinstance(old, bool) else None,
            new_mark=submission.final_mark,
            imported=True,
        )
        shown = (
            submission.final_mark if submission.final_mark is not None else ("pass" if submission.passed else "fail")
        )
        work_record(
            submission,
            by=by,
            action="mark.imported",
            summary=f"Mark imported from {locked.file_name}: {shown}",
            changes={"mark": (row["old"], shown)},
        )
        applied += 1
    locked.applied_at, locked.applied = timezone.now(), applied
    locked.save(update_fields=["rows", "applied_at", "applied"])
    return applied


def _value(component: Component, text: str):
    if component.kind == Component.Kind.LEVEL_7:
        if not text:
            raise ValueError("no mark")
        try:
            mark = int(float(text))
        except ValueError:
            raise ValueError(f"“{text}” is not a mark from 0 to 100") from None
        check_mark(mark)
        return mark
    if text in PASS:
        return True
    if text in FAIL:
        return False
    raise ValueError(f"“{text}” is neither pass nor fail")


def _current(component: Component, submission):
    if submission is None:
        return None
    return submission.raw_mark if component.kind == Component.Kind.LEVEL_7 else submission.passed
