"""Writes for the portfolio. Evidence and files, mappings and their review, submitting and returning."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.services import activity_record
from enrolment.models import Enrolment
from nasenco.dates import long_date
from nasenco.files.uploads import clean_filename

from .frameworks import load_provisional
from .models import (
    Evidence,
    EvidenceFile,
    Framework,
    JournalEntry,
    Mapping,
    MappingEvent,
    Outcome,
    Part,
    Portfolio,
    SelfEvaluation,
)
from .selectors import framework_for


class PortfolioLocked(Exception):
    """Submitted for assessment: read-only until a tutor returns it."""


class EditConflict(Exception):
    """Someone saved this item after the edit began; nothing was changed."""


def portfolio_for(enrolment: Enrolment) -> Portfolio:
    """The participant's portfolio for this place, made on first use with the current framework version."""
    portfolio = (
        Portfolio.objects.filter(enrolment=enrolment)
        .select_related("enrolment__participant", "enrolment__cohort", "framework")
        .first()
    )
    if portfolio:
        return portfolio
    qualification = enrolment.cohort.programme.qualification
    # A database emptied of its seed data still works: the provisional framework is loaded again.
    framework = framework_for(qualification) or load_provisional(Framework, Part, Outcome)
    portfolio, _ = Portfolio.objects.get_or_create(enrolment=enrolment, defaults={"framework": framework})
    return portfolio


def _writable(portfolio: Portfolio) -> None:
    if Portfolio.objects.filter(pk=portfolio.pk, status=Portfolio.Status.SUBMITTED).exists():
        raise PortfolioLocked(
            "Your portfolio is submitted for assessment; it is read-only until your tutor returns it."
        )


def not_in_future(day, *, field: str, what: str, today=None) -> None:
    """Portfolio records are of what has happened: a date after today is a typing slip."""
    today = today or timezone.localdate()
    if day and day > today:
        raise ValidationError(
            {field: f"The date of {what} is after today ({long_date(today)}): give the day it happened."}
        )


@transaction.atomic
def evidence_save(
    *, portfolio: Portfolio, evidence: Evidence | None, fields: dict, files=(), expected_version: int | None = None
) -> Evidence:
    """Create or update an item with any new files. ``files`` are (upload, checked) pairs, already validated."""
    _writable(portfolio)
    if evidence is None:
        evidence = Evidence(portfolio=portfolio)
    else:
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if current.version != expected_version:
            raise EditConflict
        evidence.version = current.version + 1
    for name, value in fields.items():
        setattr(evidence, name, value)
    if not evidence.pupils_not_identifiable:
        raise ValidationError({"pupils_not_identifiable": "Confirm that no pupil can be identified before saving."})
    evidence.full_clean()  # also turns typed values into dates
    not_in_future(evidence.activity_date, field="activity_date", what="the activity")
    evidence.save()
    for upload, checked in files:
        stored = EvidenceFile(
            evidence=evidence,
            name=clean_filename(upload.name),
            content_type=checked.content_type,
            size=checked.stored_size,
        )
        # A picture re-encoded without its metadata, or the upload itself copied to storage in chunks.
        stored.file.save(f"upload.{checked.extension}", checked.file(upload), save=False)
        stored.save()
    return evidence


@transaction.atomic
def evidence_file_delete(*, stored: EvidenceFile) -> None:
    _writable(stored.evidence.portfolio)
    name, storage = stored.file.name, stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def mapping_add(*, evidence: Evidence, outcome: Outcome, justification: str, by) -> Mapping:
    _writable(evidence.portfolio)
    if outcome.framework_id != evidence.portfolio.framework_id:
        raise ValidationError("That outcome belongs to another version of the framework than your portfolio.")
    mapping, created = Mapping.objects.get_or_create(
        evidence=evidence, outcome=outcome, defaults={"justification": justification}
    )
    if not created:
        mapping.justification, mapping.status = justification, Mapping.Status.PROPOSED
        mapping.save(update_fields=["justification", "status"])
    _mapping_record(mapping, by=by, status=Mapping.Status.PROPOSED, text=justification)
    return mapping


@transaction.atomic
def mapping_review(*, mapping: Mapping, status: str, comment: str, by) -> Mapping:
    """A tutor accepts a mapping or asks for more, with a comment the participant sees."""
    if status not in (Mapping.Status.ACCEPTED, Mapping.Status.MORE_NEEDED):
        raise ValidationError("Choose accepted or more needed.")
    if status == Mapping.Status.MORE_NEEDED and not comment.strip():
        raise ValidationError({"comment": "Say what more is needed, so the participant can act on it."})
    locked = Mapping.objects.select_for_update().get(pk=mapping.pk)
    locked.status, locked.comment, locked.reviewed_by, locked.reviewed_at = status, comment, by, timezone.now()
    locked.save(update_fields=["status", "comment", "reviewed_by", "reviewed_at"])
    _mapping_record(locked, by=by, status=status, text=comment)
    return locked


def _mapping_record(mapping: Mapping, *, by, status: str, text: str) -> None:
    """The mapping's shared history, and the provider's activity log."""
    MappingEvent.objects.create(mapping=mapping, by=by, status=status, text=text)
    enrolment = Enrolment.objects.select_related("cohort", "participant").get(portfolio__evidence=mapping.evidence_id)
    activity_record(
        provider_id=enrolment.cohort.provider_id,
        by=by,
        action="portfolio.mapping",
        summary=f"{mapping.outcome.code}: {Mapping.Status(status).label}",
        obj=mapping,
        label=f"{mapping.evidence.title} — {enrolment.participant.full_name}",
        about=enrolment.participant,
    )


def portfolio_submit(*, portfolio: Portfolio) -> bool:
    return bool(
        Portfolio.objects.filter(pk=portfolio.pk, status=Portfolio.Status.OPEN).update(
            status=Portfolio.Status.SUBMITTED, submitted_at=timezone.now()
        )
    )


@transaction.atomic
def portfolio_return(*, portfolio: Portfolio, by) -> bool:
    returned = Portfolio.objects.filter(pk=portfolio.pk, status=Portfolio.Status.SUBMITTED).update(
        status=Portfolio.Status.OPEN
    )
    if returned:
        enrolment = Enrolment.objects.select_related("cohort", "participant").get(pk=portfolio.enrolment_id)
        activity_record(
            provider_id=enrolment.cohort.provider_id,
            by=by,
            action="portfolio.returned",
            summary="Portfolio returned for more work",
            obj=portfolio,
            label=f"Portfolio — {enrolment.participant.full_name}",
            about=enrolment.participant,
        )
    return bool(returned)


def journal_add(*, portfolio: Portfolio, fields: dict) -> JournalEntry:
    _writable(portfolio)
    entry = JournalEntry(portfolio=portfolio, **fields)
    if entry.teaching_day_id and entry.teaching_day.cohort_id != portfolio.enrolment.cohort_id:
        raise ValidationError({"teaching_day": "Choose one of your own cohort's sessions."})
    entry.full_clean()
    not_in_future(entry.written_on, field="written_on", what="the entry")
    entry.save()
    return entry


@transaction.atomic
def self_evaluation_save(*, portfolio: Portfolio, stage: str, ratings: dict) -> int:
    """Save ratings {outcome: 1..4} for one stage; outcomes of another framework version are refused."""
    _writable(portfolio)
    saved = 0
    for outcome, rating in ratings.items():
        if outcome.framework_id != portfolio.framework_id:
            raise ValidationError("That outcome belongs to another version of the framework than your portfolio.")
        SelfEvaluation.objects.update_or_create(
            portfolio=portfolio, stage=stage, outcome=outcome, defaults={"rating": rating}
        )
        saved += 1
    return saved
