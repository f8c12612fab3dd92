"""Participant lists: read and checked into a preview (nothing written), then added on confirmation.

Adding is idempotent: a person already on the cohort is skipped, so importing the same file again adds
nothing. New people get an account without a password and an email to choose one; everyone's eligibility
and statutory deadline are decided as they are placed (``enrolment_place``). A long list is added by a
worker, showing progress."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.services import activity_record
from nasenco.accounts.services import account_for, welcome_send
from nasenco.mail.services import email_queue
from nasenco.queue import publish_on_commit
from nasenco.spreadsheets import read_table

from ..imports import missing_headings, read_row
from ..models import Enrolment, ImportBatch, ParticipantProfile
from .applications import profile_save
from .placing import enrolment_place
from .statutory import place_refusal
from .transitions import TransitionRefused

IN_REQUEST = 200  # longer lists are added by a worker
COMMIT_TASK = "enrolment.tasks.commit_import"


def import_preview(*, cohort: Cohort, upload, by) -> ImportBatch:
    """Read the list and say, line by line, what confirming would do. Writes only the preview itself."""
    content = upload.read()
    upload.seek(0)
    headers, raw_rows = read_table(upload)
    missing = missing_headings(headers)
    if missing:
        raise ValidationError(f"The first row must name the columns; it has no {' or '.join(missing)} column.")
    rows = [read_row(raw) for raw in raw_rows]
    closed = place_refusal(cohort)  # the same course rule as the application form: nobody may be placed
    emails = {row.values["email"] for row in rows if not row.errors}
    accounts = dict(  # addresses matched case-blind: people type them as they like
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", "pk")
    )
    on_cohort = Enrolment.objects.filter(cohort=cohort, participant_id__in=accounts.values())
    placed = set(on_cohort.values_list("participant_id", flat=True))
    # The one capacity rule (refuse_place), said ahead: who fits, in the list's order, and who would not.
    left = max(0, cohort.capacity - Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.ON_PROGRAMME).count())
    seen_email, seen_trn, out = {}, {}, []
    for row in rows:
        verdict, reasons = "invalid", list(row.errors)
        if not reasons:
            email, trn = row.values["email"], row.values["trn"]
            if email in seen_email:
                verdict, reasons = "duplicate", [f"the same email as line {seen_email[email]}"]
            elif trn and trn in seen_trn:
                verdict, reasons = "duplicate", [f"the same TRN as line {seen_trn[trn]}"]
            elif accounts.get(email) in placed:
                verdict, reasons = "on-cohort", [f"already on {cohort.name}"]
            elif closed:
                verdict, reasons = "closed", [closed]
            elif left <= 0:
                verdict = "over"
                reasons = [f"{cohort.name} has {cohort.capacity} places and the lines above fill them"]
            else:
                verdict, left = ("existing" if email in accounts else "new"), left - 1
            seen_email.setdefault(email, row.line)
            if trn:
                seen_trn.setdefault(trn, row.line)
        out.append({"line": row.line, "values": _json(row.values), "verdict": verdict, "reasons": reasons})
    batch = ImportBatch.objects.create(
        cohort=cohort,
        created_by=by,
        file_name=(upload.name or "list")[:200],
        digest=hashlib.sha256(content).hexdigest(),
        rows=out,
    )
    activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action="enrolment.import-checked",
        summary=f"Uploaded {batch.file_name}: {len(out)} line(s), {batch.to_add} to add",
        obj=cohort,
    )
    return batch


def imported_before(batch: ImportBatch) -> ImportBatch | None:
    """The same file, already added to the same cohort."""
    return (
        ImportBatch.objects.filter(cohort_id=batch.cohort_id, digest=batch.digest, status=ImportBatch.Status.DONE)
        .exclude(pk=batch.pk)
        .order_by("-finished_at")
        .first()
    )


def import_confirm(*, batch: ImportBatch, by, over: str = "") -> ImportBatch:
    """Start adding: at once for a short list, by a worker for a long one. Confirming twice adds nothing.

    When some lines do not fit the cohort, the admin chooses (``over``): "wait" adds those who fit and puts
    the others on the cohort's waiting list (an application to accept when a place frees, each told so), or
    "refuse" adds nobody. Nobody is ever dropped without a word."""
    batch.refresh_from_db()
    if batch.count("over") and over not in ("wait", "refuse"):
        raise ValidationError(
            f"{batch.count('over')} of these people do not fit {batch.cohort.name}: choose whether to put them on "
            "the waiting list or to add nobody."
        )
    if batch.count("over") and over == "refuse":
        updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.DONE, finished_at=timezone.now(), done_rows=len(batch.rows)
        )
        if not updated:
            raise ValidationError("This list has already been added (or is being added).")
        activity_record(
            provider_id=batch.cohort.provider_id, by=by, action="enrolment.import-refused",
            summary=f"Added nobody from {batch.file_name}: {batch.count('over')} would not fit", obj=batch.cohort,
        )  # fmt: skip
        batch.refresh_from_db()
        return batch
    with transaction.atomic():
        started = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.RUNNING
        )
        if not started:
            raise ValidationError("This list has already been added (or is being added).")
        if batch.to_add > IN_REQUEST:
            publish_on_commit(COMMIT_TASK, batch_id=batch.pk, by_id=by.pk if by else None)
            return batch
    return import_commit(batch_id=batch.pk, by=by)


def import_commit(*, batch_id: int, by) -> ImportBatch:
    """Add every row the preview found usable, each in its own transaction (one full cohort or refusal
    stops only that row, recorded with its reason)."""
    batch = ImportBatch.objects.select_related("cohort__provider").get(pk=batch_id)
    if batch.status != ImportBatch.Status.RUNNING:
        return batch
    cohort, rows, added = batch.cohort, batch.rows, 0
    for index, row in enumerate(rows):
        if row["verdict"] in ("new", "existing", "over") and not row.get("done"):
            waiting = row["verdict"] == "over"
            try:
                with transaction.atomic():
                    _add(cohort, row["values"], by=by, file_name=batch.file_name, waiting=waiting)
                row["done"] = True
                if waiting:
                    row["verdict"], row["reasons"] = "waiting", [f"on the waiting list for {cohort.name}"]
                else:
                    added += 1
            except (ValidationError, TransitionRefused) as refused:
                row["verdict"], row["reasons"] = "refused", _messages(refused)
        if index % 50 == 49:
            ImportBatch.objects.filter(pk=batch.pk).update(done_rows=index + 1, rows=rows)
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows=rows, done_rows=len(rows), added=added, status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
    activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action="enrolment.imported",
        summary=f"Imported {added} participant(s) from {batch.file_name}",
        obj=cohort,
    )
    batch.refresh_from_db()
    return batch


def _add(cohort: Cohort, values: dict, *, by, file_name: str, waiting: bool = False) -> None:
    user, created = account_for(email=values["email"], full_name=values["name"])
    if created:
        welcome_send(user=user, role="a participant", organisation=cohort.provider.name)
    if not ParticipantProfile.objects.filter(user=user).exists():  # the teacher's own answers always win
        school = {"name": values["school"], "urn": values["urn"], "setting": values.get("setting", "")}
        school = school if values["school"] else None
        facts = {
            "trn": values["trn"],
            "role": values["role"],
            "appointed_senco_on": values["appointed"],
            "qualified_status": values["qualification"],
            "qualified_on": values["qualified_on"],
            "induction": values["induction"],
        }
        profile_save(user=user, school=school, **{k: v for k, v in facts.items() if v not in ("", None)})
    if waiting:  # an application the admin accepts when a place frees; the person is told where they stand
        place = enrolment_place(
            cohort=cohort, participant=user, status=Enrolment.Status.WAITING, by=by,
            reason=f"Imported from {file_name} when {cohort.name} was full: on its waiting list.",
        )  # fmt: skip
        email_queue(
            to=user.email, template="enrolment/email/waiting_list", context={"enrolment": place, "cohort": cohort},
            key=f"waiting-list:{place.pk}", reply_to=cohort.provider.reply_address,
        )  # fmt: skip
        return
    enrolment_place(
        cohort=cohort, participant=user, status=Enrolment.Status.ACCEPTED, by=by, reason=f"Imported from {file_name}."
    )


def _json(values: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def _messages(error) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])
