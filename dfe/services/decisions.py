"""A provider admin's decisions about DfE applications and participants: checked here against DfE's rules
first (so a refusal is clear before anything is sent), stored with the write that tells DfE, and sent once
the transaction commits."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Qualification
from cohorts.services import activity_record
from enrolment import services as enrolment_services
from enrolment.models import Enrolment
from nasenco.queue import publish_on_commit

from .. import rules
from ..models import COURSE, Application, Connection, Declaration, Write
from .places import NoAddress, place_make


class Refusal(Exception):
    """A decision the portal refuses before asking DfE, in plain words."""


def _queue(write: Write) -> Write:
    publish_on_commit("dfe.tasks.send_write", write_id=write.pk)
    return write


def _record(application: Application, *, by, action: str, summary: str) -> None:
    activity_record(
        provider_id=application.provider_id,
        by=by,
        action=f"dfe.{action}",
        summary=summary,
        obj=application,
        label=application.full_name,
        about=application.person,
    )


def _pending(application: Application, verb: str) -> Application:
    application = Application.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=application.pk)
    if (
        application.status != Application.Status.PENDING
        or application.writes.filter(
            kind__in=[Write.Kind.ACCEPT, Write.Kind.REJECT], state=Write.State.WAITING
        ).exists()
    ):
        raise Refusal(
            f"{application.full_name}'s application is {application.get_status_display().lower()}: "
            f"only a waiting application can be {verb}."
        )
    return application


def _check_cohort(application: Application, cohort: Cohort | None) -> Cohort:
    if cohort is None:
        raise Refusal("Choose the cohort the place is on.")
    ours = application.provider_id in (cohort.provider_id, cohort.provider.lead_provider_id)  # or a partner's
    if not ours or cohort.programme.qualification != Qualification.NPQSENCO:
        raise Refusal("Choose one of your NPQ for SENCOs cohorts.")
    if cohort.status not in (Cohort.Status.OPEN, Cohort.Status.RUNNING):
        raise Refusal(f"{cohort.name} is {cohort.get_status_display().lower()}: it takes no one now.")
    return cohort


@transaction.atomic
def application_ask_head(
    *, application: Application, cohort: Cohort | None, head_name: str, head_email: str, email: str = "", by
) -> Enrolment:
    """The provider's own suitability step before accepting: the place waits on ``cohort`` for the
    headteacher's declaration (the link is emailed to them); DfE hears nothing until the place is accepted."""
    application = _pending(application, "checked")
    if application.enrolment_id:
        raise Refusal("The headteacher has already been asked: see the place's declaration.")
    cohort = _check_cohort(application, cohort)
    try:
        place = place_make(
            application,
            cohort=cohort,
            email=email,
            by=by,
            status=Enrolment.Status.AWAITING_DECLARATION,
            head=(head_name, head_email),
        )
    except NoAddress as refusal:
        raise Refusal(str(refusal)) from None
    enrolment_services.declaration_issue(enrolment=place, by=by)
    _record(application, by=by, action="head", summary=f"Asked {head_name} for the headteacher's declaration")
    return place


@transaction.atomic
def application_accept(
    *, application: Application, cohort: Cohort | None, funded_place: bool | None, email: str = "", by
) -> Write:
    """Accept: the place is given now (capacity checked; after the headteacher's declaration is verified
    where it was asked for) and DfE is told. Refused here where DfE's funding rules or the cohort would
    refuse it."""
    application = _pending(application, "accepted")
    problem = rules.funded_place_problem(
        cohort=application.cohort, eligible_for_funding=application.eligible_for_funding, funded_place=funded_place
    )
    if problem:
        raise Refusal(problem)
    place = application.enrolment
    try:
        if place is not None and place.status == Enrolment.Status.AWAITING_DECLARATION:
            enrolment_services.enrolment_transition(
                enrolment=place, to=Enrolment.Status.ACCEPTED, by=by, reason="Accepted through DfE."
            )
            cohort = place.cohort
        else:
            cohort = _check_cohort(application, cohort)
            place_make(application, cohort=cohort, email=email, by=by)
    except (NoAddress, enrolment_services.TransitionRefused) as refusal:
        raise Refusal(str(refusal)) from None
    payload = {"funded_place": funded_place} if rules.funding_capped(application.cohort) else {}
    if application.schedule:
        payload["schedule_identifier"] = application.schedule
    write = Write.objects.create(application=application, kind=Write.Kind.ACCEPT, payload=payload, by=by)
    _record(application, by=by, action="accept", summary=f"Accepted for {cohort.name}; DfE is being told")
    return _queue(write)


@transaction.atomic
def application_reject(*, application: Application, reason: str, by) -> Write:
    application = _pending(application, "rejected")
    place = application.enrolment
    if place is not None and place.status == Enrolment.Status.AWAITING_DECLARATION:  # it was being checked
        enrolment_services.enrolment_transition(
            enrolment=place, to=Enrolment.Status.WITHDRAWN, by=by, reason=f"Rejected: {reason}"
        )
    write = Write.objects.create(application=application, kind=Write.Kind.REJECT, payload={}, by=by)
    _record(application, by=by, action="reject", summary=f"Rejected: {reason}")
    return _queue(write)


ALLOWED_FROM = {  # DfE's "Data states": what each training status allows
    Write.Kind.DEFER: {"active"},
    Write.Kind.RESUME: {"deferred", "withdrawn"},
    Write.Kind.WITHDRAW: {"active", "deferred"},
    Write.Kind.SCHEDULE: {"active", "deferred"},
}


@transaction.atomic
def participant_change(*, application: Application, kind: str, reason: str = "", schedule: str = "", by) -> Write:
    """Defer, resume, withdraw (with DfE's reason code) or change schedule."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.ACCEPTED:
        raise Refusal("Only an accepted participant's training can change.")
    if application.training_status not in ALLOWED_FROM[kind]:
        raise Refusal(
            f"{application.full_name} is {application.get_training_status_display().lower() or 'not training'}: "
            f"DfE does not allow “{Write.Kind(kind).label.lower()}” from there."
        )
    if application.writes.filter(state=Write.State.WAITING).exclude(kind=Write.Kind.DECLARE).exists():
        raise Refusal("An earlier change is still being sent to DfE: wait for it first.")
    payload = {"course_identifier": COURSE}
    if kind in (Write.Kind.DEFER, Write.Kind.WITHDRAW):
        codes = rules.DEFER_REASONS if kind == Write.Kind.DEFER else rules.WITHDRAW_REASONS
        if reason not in codes:
            raise Refusal("Choose one of DfE's reasons.")
        payload["reason"] = reason
    if kind == Write.Kind.SCHEDULE:
        if schedule not in rules.SCHEDULES or schedule == application.schedule:
            raise Refusal("Choose a different schedule.")
        payload["schedule_identifier"] = schedule
    write = Write.objects.create(application=application, kind=kind, payload=payload, by=by)
    _record(application, by=by, action=kind, summary=f"{Write.Kind(kind).label}: DfE is being told")
    return _queue(write)


@transaction.atomic
def declare(
    *,
    application: Application,
    declaration_type: str,
    evidence: dict,
    has_passed: bool | None = None,
    when: dt.datetime | None = None,
    delivery_partner_id=None,
    by,
) -> Declaration:
    """Declare a milestone for one participant, with the evidence the portal holds. Refused while one of
    the same milestone stands (a declaration is never sent twice)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("enrolment__cohort__provider")
        .get(pk=application.pk)
    )
    if application.status != Application.Status.ACCEPTED:
        raise Refusal(f"{application.full_name}'s application is not accepted: nothing can be declared.")
    if application.declarations.filter(declaration_type=declaration_type, state__in=Declaration.STANDING).exists():
        raise Refusal(f"{application.full_name} already has a “{declaration_type}” declaration.")
    if declaration_type == Declaration.Type.COMPLETED and has_passed is None:
        raise Refusal("A completed declaration needs the outcome: passed or failed.")
    # The delivery partner running the participant's cohort, where it has DfE's id; else the one given, else
    # the connection's.
    # DfE requires one on cohort 2024 declarations and later (release notes, 19 May 2025).
    partner = application.enrolment.cohort.provider if application.enrolment_id else None
    delivery_partner_id = (
        (partner.dfe_delivery_partner_id if partner else None)
        or delivery_partner_id
        or Connection.objects.filter(provider_id=application.provider_id)
        .values_list("delivery_partner_id", flat=True)
        .first()
    )
    if delivery_partner_id is None and application.cohort >= "2024":
        runner = partner.name if partner else application.provider.name
        raise Refusal(
            f"DfE needs the delivery partner's id on declarations from cohort 2024: add it to {runner}'s settings "
            "(or to the DfE connection, if one delivery partner runs all your cohorts)."
        )
    when = when or timezone.now()
    declaration = Declaration.objects.create(
        application=application,
        declaration_type=declaration_type,
        declaration_date=when,
        has_passed=has_passed,
        evidence=evidence,
        by=by,
    )
    payload = {
        "participant_id": str(application.participant_id),
        "declaration_type": declaration_type,
        "declaration_date": when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "course_identifier": COURSE,
    }
    if delivery_partner_id:
        payload["delivery_partner_id"] = str(delivery_partner_id)
    if declaration_type == Declaration.Type.COMPLETED:
        payload["has_passed"] = bool(has_passed)
    _queue(
        Write.objects.create(
            application=application, declaration=declaration, kind=Write.Kind.DECLARE, payload=payload, by=by
        )
    )
    _record(application, by=by, action="declare", summary=f"Declared {declaration_type}")
    return declaration


@transaction.atomic
def declaration_void(*, declaration: Declaration, by) -> Write:
    declaration = Declaration.objects.select_for_update().select_related("application").get(pk=declaration.pk)
    if declaration.dfe_id is None or declaration.state not in (
        "submitted",
        "eligible",
        "payable",
        "paid",
        "ineligible",
    ):
        raise Refusal(f"This declaration is {declaration.get_state_display().lower()}: it cannot be voided.")
    if declaration.writes.filter(kind=Write.Kind.VOID, state=Write.State.WAITING).exists():
        raise Refusal("This declaration is already being voided.")
    write = Write.objects.create(
        application=declaration.application, declaration=declaration, kind=Write.Kind.VOID, payload={}, by=by
    )
    _record(
        declaration.application, by=by, action="void", summary=f"Voided the {declaration.declaration_type} declaration"
    )
    return _queue(write)
