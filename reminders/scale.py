"""``seed_scale``: three years of email: seven messages per place, five of them reminders."""

import datetime as dt
import uuid

from django.utils import timezone

from nasenco.mail.models import OutboxEmail
from nasenco.scale import EMAILS_EACH, Scale

from .models import Reminder
from .schedule import DUE_DATE, STATUTORY, TEACHING_DAY

REMINDERS_EACH = 5
RULES = [TEACHING_DAY, TEACHING_DAY, DUE_DATE, DUE_DATE, STATUTORY]
RUN = uuid.UUID(int=2026)  # one made-up sweep for every stored reminder
UNSENT_EVERY = 25  # one email in 25 still queued
FAILED_EVERY = 40  # one in 40 given up on


def seed(scale: Scale) -> None:
    places = scale.objects["places"]
    providers = scale.objects["providers"]
    now = timezone.now()
    messages = [(place, n) for place in places for n in range(EMAILS_EACH)]
    email_ids = scale.next_ids(OutboxEmail._meta.db_table, len(messages))
    sent = {}
    rows = []
    for pk, (place, n) in zip(email_ids, messages, strict=True):
        at = now - dt.timedelta(days=(pk * 13) % (3 * 365), minutes=n)
        status, attempts, error, sent_at = OutboxEmail.Status.SENT, 1, "", at
        if pk % UNSENT_EVERY == 0:  # as across the country: some not yet sent (a mail server slow today) …
            at = now - dt.timedelta(minutes=pk % 240)
            status, attempts, sent_at = OutboxEmail.Status.QUEUED, 0, None
        elif pk % FAILED_EVERY == 1:  # … and some given up on
            status, attempts, error, sent_at = OutboxEmail.Status.FAILED, 6, "550 5.1.1 mailbox unavailable", None
        sent[pk] = at
        rule = RULES[n].code if n < REMINDERS_EACH else "welcome"
        rows.append(
            (
                pk,
                f"p{place['user']}@school.example",
                f"NASENCO: {rule.replace('_', ' ')} — NASENCO Portal",
                "A message about your course.",
                "",
                f"reminders/{rule}",
                f"scale:{pk}",
                status,
                attempts,
                error,
                at,
                sent_at,
                "[]",
                "",
                "{}",
                providers[place["cohort"]["provider"]] if n < REMINDERS_EACH else None,  # a reminder's provider
            )
        )
    scale.copy(
        OutboxEmail._meta.db_table,
        [
            "id",
            "to",
            "subject",
            "body_text",
            "body_html",
            "template",
            "key",
            "status",
            "attempts",
            "last_error",
            "created",
            "sent_at",
            "attachments",
            "reply_to",
            "headers",
            "provider_id",
        ],
        rows,
    )
    scale.copy(
        Reminder._meta.db_table,
        [
            "key",
            "rule",
            "milestone",
            "provider_id",
            "recipient_id",
            "to",
            "subject",
            "body",
            "link",
            "email_id",
            "run",
            "sweep_date",
            "created",
            "read_at",
        ],
        (
            (
                f"scale:{pk}",
                RULES[n].code,
                "7d",
                providers[place["cohort"]["provider"]],
                place["user"],
                f"p{place['user']}@school.example",
                "A reminder",
                "A reminder about your course.",
                "/",
                pk,
                RUN,
                sent[pk].date(),
                sent[pk],
                sent[pk] if n % 2 else None,
            )
            for pk, (place, n) in zip(email_ids, messages, strict=True)
            if n < REMINDERS_EACH
        ),
    )
