"""Sending the portal's changes to DfE, each exactly once.

A decision (accept, declare, withdraw …) is stored as a ``Write`` in the same transaction as the decision,
then sent by a task. A worker claims a write by moving its ``next_attempt_at`` on and counting the attempt
before it sends, so two workers never send the same write and a worker that dies mid-send leaves a trace.
When an earlier attempt may have reached DfE (a timeout, a dropped connection, a crash), the write is first
read back from DfE and sent again only if DfE does not have it: a declaration is never sent twice.
DfE down, slow or asking us to wait: the write waits and is tried again (1, 2, 4 … minutes, at most an hour;
or when DfE's Retry-After says). DfE refusing: the write stops, with DfE's own words shown where it was made.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cohorts.services import activity_record
from enrolment import services as enrolment_services
from enrolment.models import Enrolment

from ..client import Client, DfeError, RateLimited, Refused
from ..models import Application, Change, Connection, Declaration, Write
from .connection import client_for
from .places import training_apply
from .sync import application_fields, declaration_fields, outcomes_store

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=2)  # a claimed write is tried again after this if its worker vanished
MAX_WAIT = dt.timedelta(hours=1)

VERBS = {
    Write.Kind.DEFER: "defer",
    Write.Kind.RESUME: "resume",
    Write.Kind.WITHDRAW: "withdraw",
    Write.Kind.SCHEDULE: "change-schedule",
}
TRAINING_AFTER = {Write.Kind.DEFER: "deferred", Write.Kind.RESUME: "active", Write.Kind.WITHDRAW: "withdrawn"}


def _body(kind: str, attributes: dict) -> dict:
    return {"data": {"type": kind, "attributes": attributes}}


# --- sending and reading back, per kind -------------------------------------------------------------------------


def _send(client: Client, write: Write) -> dict:
    application = write.application
    if write.kind == Write.Kind.ACCEPT:
        return client.post(
            f"/npq-applications/{application.dfe_id}/accept", _body("npq-application-accept", write.payload)
        )
    if write.kind == Write.Kind.REJECT:
        return client.post(f"/npq-applications/{application.dfe_id}/reject")
    if write.kind in VERBS:
        verb = VERBS[write.kind]
        return client.put(
            f"/participants/npq/{application.participant_id}/{verb}", _body(f"npq-participant-{verb}", write.payload)
        )
    if write.kind == Write.Kind.DECLARE:
        return client.post("/participant-declarations", _body("participant-declaration", write.payload))
    if write.kind == Write.Kind.VOID:
        return client.put(f"/participant-declarations/{write.declaration.dfe_id}/void")
    raise ValueError(write.kind)


def _read_back(client: Client, write: Write) -> dict | None:
    """DfE's record showing this write already happened, or None."""
    application = write.application
    if write.kind in (Write.Kind.ACCEPT, Write.Kind.REJECT):
        answer = client.get(f"/npq-applications/{application.dfe_id}")
        status = answer["data"]["attributes"]["status"]
        if status == ("accepted" if write.kind == Write.Kind.ACCEPT else "rejected"):
            return answer
        if status != "pending":  # the other decision stands at DfE: sending would be refused anyway
            raise Refused(f"DfE has this application as {status}.", 422)
        return None
    if write.kind in VERBS:
        answer = client.get(f"/participants/npq/{application.participant_id}")
        for enrolment in answer["data"]["attributes"]["npq_enrolments"]:
            if enrolment["npq_application_id"] != str(application.dfe_id):
                continue
            if write.kind == Write.Kind.SCHEDULE:
                done = enrolment["schedule_identifier"] == write.payload["schedule_identifier"]
            else:
                done = enrolment["training_status"] == TRAINING_AFTER[write.kind]
            return answer if done else None
        return None
    if write.kind == Write.Kind.DECLARE:
        for page in client.pages(
            "/participant-declarations", {"filter[participant_id]": str(application.participant_id)}
        ):
            for item in page:
                attributes = item["attributes"]
                if (
                    attributes["application_id"] == str(application.dfe_id)
                    and attributes["declaration_type"] == write.payload["declaration_type"]
                    and attributes["state"] not in ("voided", "ineligible")
                ):
                    return {"data": item}
        return None
    if write.kind == Write.Kind.VOID:
        answer = client.get(f"/participant-declarations/{write.declaration.dfe_id}")
        return (
            answer if answer["data"]["attributes"]["state"] in ("voided", "awaiting-clawback", "clawed-back") else None
        )
    raise ValueError(write.kind)


# --- what DfE's answer changes here ------------------------------------------------------------------------------


def _outcomes_read(client: Client, connection: Connection, application: Application) -> None:
    """Read back the participant's outcomes from DfE and apply the latest (the qualification's date)."""
    for page in client.pages(f"/participants/npq/{application.participant_id}/outcomes"):
        outcomes_store(connection, page)


def _declaration_from(declaration: Declaration, data: dict) -> None:
    declaration.dfe_id = data["id"]
    for field, value in declaration_fields(data["attributes"]).items():
        setattr(declaration, field, value)
    declaration.refusal = ""
    declaration.save()


def _finish(client: Client, connection: Connection, write: Write, answer: dict) -> None:
    application = write.application
    data = answer["data"]
    if write.kind in (Write.Kind.ACCEPT, Write.Kind.REJECT):
        for field, value in application_fields(data["attributes"]).items():
            setattr(application, field, value)
        if application.status == Application.Status.ACCEPTED and not application.training_status:
            application.training_status = Application.Training.ACTIVE  # DfE: an accepted participant is active
        application.save()
    elif write.kind in VERBS:
        for enrolment in data["attributes"]["npq_enrolments"]:
            if enrolment["npq_application_id"] == str(application.dfe_id):
                application.training_status = enrolment["training_status"]
                application.schedule = enrolment.get("schedule_identifier") or application.schedule
                application.cohort = enrolment.get("cohort") or application.cohort
                application.save(update_fields=["training_status", "schedule", "cohort", "updated"])
                training_apply(application, enrolment, by=write.by)
    elif write.kind in (Write.Kind.DECLARE, Write.Kind.VOID):
        _declaration_from(write.declaration, data)
        if write.declaration.declaration_type == Declaration.Type.COMPLETED:
            _outcomes_read(client, connection, application)
    Write.objects.filter(pk=write.pk).update(state=Write.State.DONE, done_at=timezone.now(), last_error="")
    activity_record(
        provider_id=application.provider_id,
        by=write.by,
        action=f"dfe.{write.kind}",
        summary=f"DfE has it: {write.get_kind_display().lower()} ({application.full_name})",
        obj=application,
        label=application.full_name,
        about=application.person,
    )


def _refuse(write: Write, message: str) -> None:
    application = write.application
    Write.objects.filter(pk=write.pk).update(state=Write.State.REFUSED, refusal=message, last_error="")
    if write.declaration_id:
        Declaration.objects.filter(pk=write.declaration_id, dfe_id__isnull=True).update(
            state=Declaration.State.REFUSED, refusal=message
        )
        Declaration.objects.filter(pk=write.declaration_id, dfe_id__isnull=False).update(refusal=message)
    Change.objects.create(
        application=application, summary=f"DfE refused “{write.get_kind_display().lower()}”: {message}"[:400]
    )
    place = application.enrolment
    if write.kind == Write.Kind.ACCEPT and place is not None and place.status in Enrolment.ON_PROGRAMME:  # given
        enrolment_services.enrolment_transition(
            enrolment=place,
            to=Enrolment.Status.WITHDRAWN,
            by=write.by,
            reason=f"DfE refused the acceptance: {message}",
        )


def _wait(write: Write, error: DfeError) -> None:
    if isinstance(error, RateLimited):
        wait = dt.timedelta(seconds=error.retry_after)
    else:
        wait = min(dt.timedelta(minutes=2 ** max(write.attempts - 1, 0)), MAX_WAIT)
    Write.objects.filter(pk=write.pk).update(next_attempt_at=timezone.now() + wait, last_error=error.message[:300])


# --- the entry points -----------------------------------------------------------------------------------------------


def write_send(write_id: int) -> str:
    """Send one write if it is due and nobody else is sending it. Returns its state afterwards."""
    now = timezone.now()
    claimed = Write.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), pk=write_id, state=Write.State.WAITING
    ).update(next_attempt_at=now + CLAIM, attempts=F("attempts") + 1)
    if not claimed:
        return "not due"
    write = Write.objects.select_related("application__enrolment", "declaration", "by").get(pk=write_id)
    connection = application_connection(write.application)
    client = client_for(connection)
    try:
        with transaction.atomic():
            answer = _read_back(client, write) if write.attempts > 1 else None
            if answer is None:
                answer = _send(client, write)
            _finish(client, connection, write, answer)
    except Refused as refusal:
        if refusal.status == 401:
            _wait(write, refusal)
        else:
            with transaction.atomic():
                _refuse(write, refusal.message)
    except DfeError as error:
        _wait(write, error)
        logger.warning("DfE write %s waits: %s", write.pk, error.message)
    return Write.objects.values_list("state", flat=True).get(pk=write_id)


def application_connection(application: Application) -> Connection:
    return Connection.objects.get(provider_id=application.provider_id)


def writes_due(now=None) -> list[int]:
    """Writes waiting whose time has come (a relay hands each to a worker)."""
    now = now or timezone.now()
    return list(
        Write.objects.filter(state=Write.State.WAITING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created")
        .values_list("pk", flat=True)[:500]
    )
