"""Writes: tokens and endpoints made and withdrawn by a provider's admin, the calls a token makes, the writes
a registry is allowed (attendance, a student number) and webhook deliveries queued and sent."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Attendance, Provider, TeachingDay
from cohorts.services import activity_record, attendance_record
from enrolment.models import Enrolment
from nasenco import secrets
from nasenco.queue import publish_on_commit

from . import tokens
from .models import Delivery, Endpoint, Scope, Token

SECRET_PURPOSE = b"nasenco.api.webhook"
LONGEST_TOKEN_DAYS = 366  # a token outlives no academic year: the admin makes a new one and revokes the old


def token_name(token: Token) -> str:
    """How a token is named where it acted (the activity log's "who")."""
    return f"API token “{token.name}” ({token.prefix})"


@transaction.atomic
def token_create(*, provider: Provider, name: str, scopes: list[str], expires_on: dt.date, by) -> tuple[Token, str]:
    """A new token and its text, which is shown once and never stored."""
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise ValidationError("Choose what the token may do.")
    today = timezone.localdate()
    if not today < expires_on <= today + dt.timedelta(days=LONGEST_TOKEN_DAYS):
        raise ValidationError("A token expires after today and within a year.")
    text, prefix, digest = tokens.new_token()
    token = Token.objects.create(
        provider=provider,
        name=name,
        prefix=prefix,
        digest=digest,
        scopes=sorted(scopes),
        expires_on=expires_on,
        created_by=by,
    )
    activity_record(
        provider_id=provider.pk,
        by=by,
        action="api.token-created",
        summary=f"API token “{name}” created",
        obj=token,
        label=str(token),
        changes={"scopes": ([], token.scopes), "expires": (None, expires_on)},
    )
    return token, text


@transaction.atomic
def token_revoke(*, token: Token, by) -> Token:
    locked = Token.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at, locked.revoked_by = timezone.now(), by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        activity_record(
            provider_id=locked.provider_id,
            by=by,
            action="api.token-revoked",
            summary=f"API token “{locked.name}” revoked",
            obj=locked,
            label=str(locked),
        )
    return locked


def call_record(*, token: Token, method: str, path: str) -> None:
    """Every call is in the provider's activity log, named by its token; the token's last use is kept."""
    now = timezone.now()
    Token.objects.filter(pk=token.pk).update(last_used_at=now)
    activity_record(
        provider_id=token.provider_id,
        by=None,
        by_name=token_name(token),
        action="api.call",
        summary=f"{method} {path}"[:300],
        obj=token,
        label=str(token),
    )


@transaction.atomic
def attendance_put(*, token: Token, day: TeachingDay, place: Enrolment, status: str, note: str = "") -> Attendance:
    """Attendance recorded by another system (a swipe-card reader, a VLE), exactly as a tutor records it."""
    if place.cohort_id != day.cohort_id:
        raise ValidationError("That place is not on this teaching day's cohort.")
    if status not in Attendance.Status.values:
        raise ValidationError(f"Status must be one of: {', '.join(Attendance.Status.values)}.")
    saved = attendance_record(
        day=day,
        marks={place.participant_id: status},
        notes={place.participant_id: note},
        by=None,
        by_name=token_name(token),
    )
    if not saved:
        raise ValidationError("That participant is not expected on this teaching day.")
    return Attendance.objects.get(day=day, participant_id=place.participant_id)


@transaction.atomic
def student_number_set(*, token: Token, place: Enrolment, student_number: str) -> Enrolment:
    locked = Enrolment.objects.select_for_update(of=("self",)).select_related("participant", "cohort").get(pk=place.pk)
    student_number = student_number.strip()
    if locked.student_number != student_number:
        activity_record(
            provider_id=locked.provider_id,
            by=None,
            by_name=token_name(token),
            action="api.student-number",
            summary="Student number set by the university's records system",
            obj=locked,
            label=f"{locked.participant.full_name} — {locked.cohort.name}",
            about=locked.participant,
            changes={"student number": (locked.student_number, student_number)},
        )
        locked.student_number = student_number
        locked.save(update_fields=["student_number", "updated"])
    return locked


@transaction.atomic
def endpoint_create(*, provider: Provider, url: str, events: list[str], by) -> tuple[Endpoint, str]:
    """A new endpoint and its signing secret (shown once; kept sealed to sign each delivery)."""
    if not events or set(events) - set(Endpoint.Event.values):
        raise ValidationError("Choose the events to send.")
    secret = tokens.new_secret()
    endpoint = Endpoint.objects.create(
        provider=provider,
        url=url,
        events=sorted(events),
        secret_sealed=secrets.seal(secret, purpose=SECRET_PURPOSE),
        created_by=by,
    )
    activity_record(
        provider_id=provider.pk,
        by=by,
        action="api.endpoint-added",
        summary=f"Webhook endpoint added: {url}",
        obj=endpoint,
        label=url,
        changes={"events": ([], endpoint.events)},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_remove(*, endpoint: Endpoint, by) -> None:
    if endpoint.removed_at is None:
        endpoint.removed_at = timezone.now()
        endpoint.save(update_fields=["removed_at"])
        Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, error="The endpoint was removed."
        )
        activity_record(
            provider_id=endpoint.provider_id,
            by=by,
            action="api.endpoint-removed",
            summary=f"Webhook endpoint removed: {endpoint.url}",
            obj=endpoint,
            label=endpoint.url,
        )


def endpoint_secret(endpoint: Endpoint) -> str:
    return secrets.reveal(endpoint.secret_sealed, purpose=SECRET_PURPOSE)


def deliveries_queue(*, provider_id: int, event: str, data: dict) -> int:
    """A delivery for each of the provider's endpoints that takes ``event``, in the caller's transaction (the
    outbox): the event and its deliveries are kept together or not at all. Sent after commit."""
    now = timezone.now()
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(provider_id=provider_id, removed_at__isnull=True)
        if event in endpoint.events
    ]
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            endpoint=endpoint,
            event=event,
            next_attempt_at=now,
            payload={"event": event, "provider": provider_id, "occurred_at": now.isoformat(), "data": data},
        )
        for endpoint in endpoints
    )
    if deliveries:
        publish_on_commit("api.tasks.deliver", delivery_ids=[delivery.pk for delivery in deliveries])
    return len(deliveries)


@transaction.atomic
def delivery_send_again(*, delivery: Delivery, by) -> Delivery:
    """A delivery that gave up (or was delivered) is queued once more, now."""
    locked = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if locked.endpoint.removed_at is not None:
        raise ValidationError("That endpoint was removed: add it again to send to it.")
    locked.status, locked.attempts, locked.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    locked.save(update_fields=["status", "attempts", "next_attempt_at"])
    activity_record(
        provider_id=locked.endpoint.provider_id,
        by=by,
        action="api.delivery-again",
        summary=f"Webhook {locked.event} queued again for {locked.endpoint.url}",
        obj=locked,
        label=str(locked),
    )
    publish_on_commit("api.tasks.deliver", delivery_ids=[locked.pk])
    return locked


def body_of(delivery: Delivery) -> bytes:
    return json.dumps({"id": delivery.pk, **delivery.payload}, separators=(",", ":"), sort_keys=True).encode()
