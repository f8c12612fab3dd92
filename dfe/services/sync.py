"""Reading DfE into the portal: applications, participants (training status, merged ids), declarations,
outcomes and statements. DfE advises polling several times a day going back two windows, and a full sync
weekly (its "Get started" page: "Polling windows", "Performing a full sync"); ``sync`` does either. Each
page is stored in a fixed number of queries, whatever its size, and a sync that stops part-way (DfE down,
429) loses nothing: the next one reads the same window again and storing is idempotent.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from enrolment.models import ParticipantProfile

from ..client import DfeError, RateLimited
from ..models import COURSE, Application, Change, Connection, Declaration, Outcome, Statement
from .connection import client_for
from .outcomes import outcomes_apply
from .places import training_apply

logger = logging.getLogger(__name__)

WATCHED = {  # application fields whose change DfE makes is shown in the pipeline, with their names
    "status": "status",
    "funded_place": "funded place",
    "eligible_for_funding": "eligible for funding",
    "schedule": "schedule",
    "cohort": "DfE cohort",
    "participant_id": "DfE participant id",
    "email": "email",
    "training_status": "training status",
}


def _when(value) -> dt.datetime:
    return parse_datetime(value) if isinstance(value, str) else value


def application_fields(attributes: dict) -> dict:
    """Our columns from DfE's attributes (the whole answer is kept in ``attributes`` too)."""
    return {
        "participant_id": attributes["participant_id"],
        "course_identifier": attributes["course_identifier"],
        "status": attributes.get("status") or Application.Status.PENDING,
        "full_name": attributes.get("full_name") or "",
        "email": (attributes.get("email") or "").strip().lower(),
        "trn": attributes.get("teacher_reference_number") or "",
        "school_urn": attributes.get("school_urn") or "",
        "school_name": attributes.get("employer_name") or "",
        "works_as_senco": attributes.get("works_as_senco"),
        "senco_start_date": parse_date(attributes["senco_start_date"]) if attributes.get("senco_start_date") else None,
        "headteacher_status": attributes.get("headteacher_status") or "",
        "eligible_for_funding": bool(attributes.get("eligible_for_funding")),
        "funding_choice": attributes.get("funding_choice") or "",
        "targeted_delivery_funding": bool(attributes.get("targeted_delivery_funding_eligibility")),
        "funded_place": attributes.get("funded_place"),
        "cohort": attributes.get("cohort") or "",
        "schedule": attributes.get("schedule_identifier") or "",
        "reason_for_rejection": (attributes.get("reason_for_rejection") or "")[:300],
        "attributes": attributes,
        "dfe_updated_at": _when(attributes["updated_at"]),
    }


def declaration_fields(attributes: dict) -> dict:
    """Our columns from DfE's answer about a declaration."""
    return {
        "state": attributes["state"],
        "has_passed": attributes.get("has_passed"),
        "statement_dfe_id": attributes.get("statement_id"),
        "clawback_statement_dfe_id": attributes.get("clawback_statement_id"),
    }


def _label(field: str, value) -> str:
    if field == "status":
        return Application.Status(value).label if value in Application.Status.values else str(value)
    if value in (None, ""):
        return "none"
    return {True: "yes", False: "no"}.get(value, str(value))


def _changes(row: Application, fields: dict) -> list[str]:
    said = []
    for field, name in WATCHED.items():
        before, after = getattr(row, field), fields.get(field, getattr(row, field))
        if field == "participant_id":
            before, after = str(before), str(after)
        if field in fields and before != after:
            line = f"DfE changed the {name}: {_label(field, before)} → {_label(field, after)}"
            if field == "status" and after == Application.Status.REJECTED and fields.get("reason_for_rejection"):
                line += f" ({fields['reason_for_rejection']})"
            said.append(line + ".")
    return said


def _people(rows: list[dict]) -> tuple[dict, dict]:
    """Existing people by TRN and by email (two queries)."""
    trns = {r["trn"] for r in rows if r["trn"]}
    emails = {r["email"] for r in rows if r["email"]}
    by_trn = dict(ParticipantProfile.objects.filter(trn__in=trns).values_list("trn", "user_id")) if trns else {}
    by_email = {}
    if emails:
        User = get_user_model()
        by_email = dict(
            User.objects.annotate(address=Lower("email")).filter(address__in=emails).values_list("address", "pk")
        )
    return by_trn, by_email


@transaction.atomic
def applications_store(connection: Connection, data: list[dict]) -> dict:
    """Store one page of DfE's applications (NPQSENCO only): new ones added, changed ones updated with what
    changed, each matched to a person we know by TRN, then email. Six queries whatever the page's size."""
    rows = [
        {"dfe_id": item["id"], **application_fields(item["attributes"])}
        for item in data
        if item["attributes"].get("course_identifier") == COURSE
    ]
    existing = {
        str(a.dfe_id): a
        for a in Application.objects.filter(provider_id=connection.provider_id, dfe_id__in=[r["dfe_id"] for r in rows])
    }
    by_trn, by_email = _people(rows)
    new, changed, changes = [], [], []
    for row in rows:
        person = by_trn.get(row["trn"]) or by_email.get(row["email"])
        known = existing.get(row["dfe_id"])
        if known is None:
            new.append(Application(provider_id=connection.provider_id, person_id=person, **row))
            continue
        if known.dfe_updated_at == row["dfe_updated_at"] and known.attributes == row["attributes"]:
            continue
        said = _changes(known, row)
        for field, value in row.items():
            setattr(known, field, value)
        known.person_id = known.person_id or person
        changed.append(known)
        changes += [Change(application=known, summary=line[:400]) for line in said]
    Application.objects.bulk_create(new, batch_size=500)
    fields = [f for f in rows[0] if f != "dfe_id"] + ["person", "updated"] if rows else []
    if changed:
        now = timezone.now()
        for row in changed:
            row.updated = now
        Application.objects.bulk_update(changed, fields, batch_size=500)
    Change.objects.bulk_create(changes, batch_size=500)
    return {"new": len(new), "changed": len(changed), "other courses": len(data) - len(rows)}


@transaction.atomic
def participants_store(connection: Connection, data: list[dict]) -> dict:
    """Training status, schedule and merged participant ids from one page of DfE's participants."""
    enrolments = {}
    merges = {}
    for item in data:
        for enrolment in item["attributes"].get("npq_enrolments") or []:
            if enrolment.get("course_identifier") == COURSE:
                enrolments[enrolment["npq_application_id"]] = (item["id"], enrolment)
        for change in item["attributes"].get("participant_id_changes") or []:
            merges[change["from_participant_id"]] = change
    apps = Application.objects.filter(provider_id=connection.provider_id, dfe_id__in=list(enrolments)).select_related(
        "enrolment"
    )
    stale = {
        str(a.participant_id): a
        for a in Application.objects.filter(provider_id=connection.provider_id, participant_id__in=list(merges))
    }
    changed, changes, moved = {}, [], []
    for application in apps:
        participant_id, enrolment = enrolments[str(application.dfe_id)]
        fields = {
            "participant_id": participant_id,
            "training_status": enrolment.get("training_status") or "",
            "schedule": enrolment.get("schedule_identifier") or application.schedule,
            "cohort": enrolment.get("cohort") or application.cohort,
            "funded_place": enrolment.get("funded_place"),
        }
        said = _changes(application, fields)
        if said:
            if application.training_status != fields["training_status"]:
                moved.append((application, enrolment))
            for field, value in fields.items():
                setattr(application, field, value)
            changed[application.pk] = application
            changes += [Change(application=application, summary=line) for line in said]
    for old_id, change in merges.items():
        application = stale.get(old_id)
        if application is None or application.pk in changed:
            continue
        application.participant_id = change["to_participant_id"]
        changed[application.pk] = application
        changes.append(
            Change(
                application=application,
                summary=f"DfE merged this person's records: participant id {old_id} is now "
                f"{change['to_participant_id']} (changed {change['changed_at'][:10]}).",
            )
        )
    Application.objects.bulk_update(
        list(changed.values()), ["participant_id", "training_status", "schedule", "cohort", "funded_place"]
    )
    Change.objects.bulk_create(changes)
    for application, enrolment in moved:  # rare: DfE's status moved without us (another system, DfE support)
        training_apply(application, enrolment)
    return {"changed": len(changed)}


@transaction.atomic
def declarations_store(connection: Connection, data: list[dict]) -> dict:
    """DfE's states for declarations; one DfE holds that we do not (a lost answer, or declared elsewhere) is
    added, taking the place of our own unsent row of the same milestone."""
    ids = [item["id"] for item in data]
    known = {
        str(d.dfe_id): d
        for d in Declaration.objects.filter(dfe_id__in=ids, application__provider_id=connection.provider_id)
    }
    application_ids = {item["attributes"]["application_id"] for item in data}
    applications = {
        str(a.dfe_id): a
        for a in Application.objects.filter(provider_id=connection.provider_id, dfe_id__in=application_ids)
    }
    sending = {
        (d.application_id, d.declaration_type): d
        for d in Declaration.objects.filter(
            application__in=list(applications.values()), state=Declaration.State.SENDING, dfe_id__isnull=True
        )
    }
    updated, added = [], []
    for item in data:
        attributes = item["attributes"]
        fields = declaration_fields(attributes)
        row = known.get(item["id"])
        if row is None:
            application = applications.get(attributes["application_id"])
            if application is None:
                continue
            row = sending.pop((application.pk, attributes["declaration_type"]), None)
            if row is None:
                added.append(
                    Declaration(
                        application=application,
                        declaration_type=attributes["declaration_type"],
                        declaration_date=_when(attributes["declaration_date"]),
                        dfe_id=item["id"],
                        evidence={"declared": "outside the portal (found in DfE's records)"},
                        **fields,
                    )
                )
                continue
            row.dfe_id = item["id"]
        for field, value in fields.items():
            setattr(row, field, value)
        updated.append(row)
    Declaration.objects.bulk_update(
        updated, ["dfe_id", "state", "has_passed", "statement_dfe_id", "clawback_statement_dfe_id", "updated"]
    )
    Declaration.objects.bulk_create(added)
    return {"updated": len(updated), "added": len(added)}


@transaction.atomic
def outcomes_store(connection: Connection, data: list[dict]) -> dict:
    participant_ids = {item["attributes"]["participant_id"] for item in data}
    applications = {
        str(a.participant_id): a
        for a in Application.objects.filter(
            provider_id=connection.provider_id, participant_id__in=participant_ids, status=Application.Status.ACCEPTED
        )
    }
    known = {
        str(i)
        for i in Outcome.objects.filter(dfe_id__in=[item["id"] for item in data]).values_list("dfe_id", flat=True)
    }
    added = []
    for item in data:
        attributes = item["attributes"]
        application = applications.get(attributes["participant_id"])
        if application is None or item["id"] in known or attributes.get("course_identifier") != COURSE:
            continue
        added.append(
            Outcome(
                application=application,
                dfe_id=item["id"],
                state=attributes["state"],
                completion_date=parse_date(attributes["completion_date"][:10]),
                dfe_created_at=_when(attributes["created_at"]),
            )
        )
    Outcome.objects.bulk_create(added)
    outcomes_apply({o.application_id for o in added})
    return {"added": len(added)}


@transaction.atomic
def statements_store(connection: Connection, data: list[dict]) -> dict:
    """DfE's statements, added or updated: three queries whatever the page's size."""
    known = {
        str(s.dfe_id): s
        for s in Statement.objects.filter(provider_id=connection.provider_id, dfe_id__in=[i["id"] for i in data])
    }
    new, changed = [], []
    for item in data:
        attributes = item["attributes"]
        fields = {
            "month": attributes["month"],
            "year": attributes["year"],
            "cohort": attributes["cohort"],
            "cut_off_date": parse_date(attributes["cut_off_date"]),
            "payment_date": parse_date(attributes["payment_date"]),
            "paid": bool(attributes["paid"]),
            "dfe_updated_at": _when(attributes.get("updated_at")) or timezone.now(),
        }
        row = known.get(item["id"])
        if row is None:
            new.append(Statement(provider_id=connection.provider_id, dfe_id=item["id"], **fields))
        else:
            for field, value in fields.items():
                setattr(row, field, value)
            changed.append(row)
    Statement.objects.bulk_create(new)
    if changed:
        Statement.objects.bulk_update(
            changed, ["month", "year", "cohort", "cut_off_date", "payment_date", "paid", "dfe_updated_at"]
        )
    return {"read": len(data)}


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sync(connection: Connection, *, full: bool = False) -> dict:
    """Read everything DfE changed since two polling windows before the last sync (or everything, ``full``).
    Returns counts per kind. Raises ``DfeError`` (after noting it on the connection) when DfE stops it."""
    started = timezone.now()
    since = None
    if not full and connection.synced_at:
        since = _stamp(connection.synced_at - 2 * dt.timedelta(hours=settings.DFE_POLL_HOURS))
    client = client_for(connection)
    done = {}
    steps = [
        ("applications", "/npq-applications", "updated_since", applications_store),
        ("participants", "/participants/npq", "updated_since", participants_store),
        ("declarations", "/participant-declarations", "updated_since", declarations_store),
        ("outcomes", "/participants/npq/outcomes", "created_since", outcomes_store),
        ("statements", "/statements", "updated_since", statements_store),
    ]
    try:
        for name, path, filter_name, store in steps:
            params = {f"filter[{filter_name}]": since} if since else {}
            totals: dict = {}
            for page in client.pages(path, params):
                for key, value in store(connection, page).items():
                    totals[key] = totals.get(key, 0) + value
            done[name] = totals
    except DfeError as error:
        connection.sync_message = f"The last sync stopped: {error.message}"[:300]
        fields = ["sync_message", "updated"]
        if isinstance(error, RateLimited):
            connection.paused_until = timezone.now() + dt.timedelta(seconds=error.retry_after)
            fields.append("paused_until")
        connection.save(update_fields=fields)
        logger.warning("DfE sync for provider %s stopped: %s", connection.provider_id, error.message)
        raise
    connection.synced_at, connection.sync_message, connection.paused_until = started, "", None
    fields = ["synced_at", "sync_message", "paused_until", "updated"]
    if full:
        connection.full_synced_at = started
        fields.append("full_synced_at")
    connection.save(update_fields=fields)
    return done
