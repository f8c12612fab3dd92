"""Writes for reminders: the sweep, preferences, provider templates and reading notifications."""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Provider
from cohorts.services import activity_record, changes_between
from nasenco.bulk import insert_skipping_conflicts
from nasenco.cache import cache_set
from nasenco.mail.models import OutboxEmail
from nasenco.mail.services import AUTOMATIC, email_dispatch, subject_line
from nasenco.queue import publish

from .finders import Due
from .finders_schools import everything_due
from .models import Reminder, ReminderOptOut, ReminderTemplate
from .schedule import OPTIONAL, RULES_BY_CODE, render, template_problems
from .unsubscribe import unsubscribe_headers

BATCH = 1000
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """A due reminder in its provider's wording, ready to store."""

    due: Due
    subject: str
    body: str

    @property
    def key(self) -> str:
        return self.due.key


@dataclass(frozen=True)
class SweepResult:
    today: dt.date
    found: int  # due after preferences and not stored before
    stored: int  # new this time (0 on a dry run or a repeat)
    run: uuid.UUID | None
    prepared: list[Prepared]


def reminders_prepare(today: dt.date, providers=None, *, skip_stored: bool = False) -> list[Prepared]:
    """Everything due ``today``, less what people switched off (and, with ``skip_stored``, less what is
    already stored), worded, one per key, in key order.

    Key order matters: concurrent sweeps insert in the same order, so one waits for the other instead of
    the two deadlocking.
    """
    dues = everything_due(today, providers)
    optional = {rule.code for rule in OPTIONAL}
    users = {d.user_id for d in dues if d.user_id and d.rule.code in optional}
    opted_out = set(ReminderOptOut.objects.filter(user_id__in=users).values_list("user_id", "rule")) if users else set()
    providers_seen = {d.provider_id for d in dues}
    templates = {
        (provider_id, rule): (subject, body)
        for provider_id, rule, subject, body in ReminderTemplate.objects.filter(
            provider_id__in=providers_seen
        ).values_list("provider_id", "rule", "subject", "body")
    }
    wanted = {due.key: due for due in dues if (due.user_id, due.rule.code) not in opted_out}
    if skip_stored:
        for key in already_stored(list(wanted)):
            del wanted[key]
    prepared = []
    for key in sorted(wanted):
        due = wanted[key]
        subject, body = templates.get((due.provider_id, due.rule.code), (due.rule.subject, due.rule.body))
        subject = subject_line(render(subject, due.values), programme=due.values.get("programme", ""))
        prepared.append(Prepared(due, subject[:255], render(body, due.values)))
    return prepared


def already_stored(keys: list[str]) -> set[str]:
    """Which of these keys a sweep has stored before (indexed lookups, 1,000 keys a query)."""
    stored = set()
    for start in range(0, len(keys), BATCH):
        stored.update(Reminder.objects.filter(key__in=keys[start : start + BATCH]).values_list("key", flat=True))
    return stored


def swept_key(day: dt.date) -> str:
    """A cache key that changes each time a sweep stores ``day``'s reminders (previews of it are then stale)."""
    return f"reminders:swept:{day.isoformat()}"


def reminders_sweep(*, today: dt.date, dry_run: bool = False) -> SweepResult:
    """Store every reminder due ``today`` as an outbox email (and a notification) and queue sending after
    commit. Each key is stored once however often, or however concurrently, the sweep runs."""
    prepared = reminders_prepare(today, skip_stored=True)
    if dry_run:
        return SweepResult(today, len(prepared), 0, None, prepared)
    run = uuid.uuid4()
    with transaction.atomic():
        for start in range(0, len(prepared), BATCH):
            _store(prepared[start : start + BATCH], run=run, today=today)
        transaction.on_commit(lambda: _hand_over(run, today))
    stored = Reminder.objects.filter(run=run).count()
    return SweepResult(today, len(prepared), stored, run, prepared)


def _store(batch: list[Prepared], *, run: uuid.UUID, today: dt.date) -> None:
    """Two conflict-skipping inserts per batch (COPY on PostgreSQL): outbox rows, then the reminders that
    point at them."""
    reply_to = {  # Provider.reply_address, for every provider in the batch at once
        pk: reply_to or contact
        for pk, reply_to, contact in Provider.objects.filter(pk__in={i.due.provider_id for i in batch}).values_list(
            "pk", "reply_to", "contact_email"
        )
    }
    email_ids = insert_skipping_conflicts(
        OutboxEmail,
        [
            {
                "to": item.due.to,
                "reply_to": reply_to.get(item.due.provider_id, ""),
                "subject": item.subject,
                "body_text": item.body,  # plain text: the wording is the provider's, and reads the same everywhere
                "template": f"reminders/{item.due.rule.code}",
                "key": item.key,
                "attachments": item.due.attachment_dicts(),
                "headers": {**AUTOMATIC, **unsubscribe_headers(user_id=item.due.user_id, rule=item.due.rule)},
                "provider_id": item.due.provider_id,
            }
            for item in batch
        ],
        returning="key",
    )
    # Emails stored before (a sweep that died between its two inserts), and every id on SQLite.
    missing = [item.key for item in batch if item.key not in email_ids]
    if missing:
        email_ids.update(OutboxEmail.objects.filter(key__in=missing).values_list("key", "pk"))
    insert_skipping_conflicts(
        Reminder,
        [
            {
                "key": item.key,
                "rule": item.due.rule.code,
                "milestone": item.due.milestone,
                "provider_id": item.due.provider_id,
                "recipient_id": item.due.user_id,
                "to": item.due.to,
                "subject": item.subject,
                "body": item.body,
                "link": item.due.link,
                "email_id": email_ids[item.key],
                "run": run,
                "sweep_date": today,
            }
            for item in batch
        ],
    )


def _hand_over(run: uuid.UUID, day: dt.date) -> None:
    cache_set(swept_key(day), run.hex, 2 * 24 * 3600)  # previews of the day are worked out again
    if not publish("reminders.tasks.dispatch_run", run=str(run)):  # the rows stay queued for the outbox relay
        logger.warning("Broker unavailable: reminders of run %s stay queued for the relay", run)


def reminders_dispatch(*, run: str) -> int:
    """Hand the worker every still-queued email a sweep stored."""
    ids = Reminder.objects.filter(run=run, email__status=OutboxEmail.Status.QUEUED).values_list("email_id", flat=True)
    return email_dispatch(list(ids))


# --- People's choices ------------------------------------------------------------------------------------------


def preferences_save(*, user, wanted: set[str]) -> None:
    """Keep the optional reminders in ``wanted`` and switch off the rest. Required ones are not choices."""
    optional = {rule.code for rule in OPTIONAL}
    unknown = set(wanted) - optional
    if unknown:
        raise ValidationError(f"These reminders cannot be chosen: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        ReminderOptOut.objects.filter(user=user, rule__in=set(wanted)).delete()
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, rule=code) for code in sorted(optional - set(wanted))], ignore_conflicts=True
        )


def template_save(*, provider, rule: str, subject: str, body: str, by) -> ReminderTemplate:
    """Store a provider's wording for one rule after checking its placeholders."""
    spec = RULES_BY_CODE[rule]
    errors = {}
    for name, text in (("subject", subject), ("body", body)):
        problems = template_problems(text, spec.placeholders)
        if problems:
            errors[name] = problems
        elif not text.strip():
            errors[name] = ["This cannot be empty."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = ReminderTemplate.objects.filter(provider=provider, rule=rule).values("subject", "body").first()
        template, _ = ReminderTemplate.objects.update_or_create(
            provider=provider, rule=rule, defaults={"subject": subject.strip(), "body": body, "updated_by": by}
        )
        changes = changes_between(before or {}, {"subject": template.subject, "body": template.body})
        if changes:
            _wording_record(provider, rule, by=by, summary="Reminder wording changed", changes=changes)
    return template


@transaction.atomic
def template_reset(*, provider, rule: str, by) -> None:
    if ReminderTemplate.objects.filter(provider=provider, rule=rule).delete()[0]:
        _wording_record(provider, rule, by=by, summary="Reminder wording back to the standard", changes={})


def _wording_record(provider, rule: str, *, by, summary: str, changes: dict) -> None:
    label = f"Reminder: {RULES_BY_CODE[rule].label}"
    activity_record(
        provider_id=provider.pk, by=by, action="settings.reminder", summary=summary, label=label, changes=changes
    )


def notifications_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    unread = Reminder.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
