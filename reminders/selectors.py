"""Reads for reminders: a provider's outbox, a person's notifications, tomorrow's preview."""

import datetime as dt
from collections import Counter

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from cohorts.selectors import administered_provider_ids
from nasenco.cache import cache_get, cache_set
from nasenco.mail.models import OutboxEmail

from .models import Reminder, ReminderOptOut, ReminderTemplate
from .schedule import OPTIONAL
from .services import Prepared, reminders_prepare, swept_key

STATUSES = [OutboxEmail.Status.QUEUED, OutboxEmail.Status.SENDING, OutboxEmail.Status.SENT, OutboxEmail.Status.FAILED]


def reminders_of_providers(provider_ids, *, status: str | None = None) -> QuerySet[Reminder]:
    reminders = Reminder.objects.filter(provider_id__in=provider_ids).select_related("email", "provider")
    if status:
        reminders = reminders.filter(email__status=status)
    return reminders


UNSENT = [OutboxEmail.Status.QUEUED, OutboxEmail.Status.SENDING, OutboxEmail.Status.FAILED]


def status_counts(provider_ids) -> dict[str, int]:
    """The providers' reminders by their email's status, and "" for all of them, in two queries that stay
    flat however many emails the country has: the few not yet sent from the outbox's partial index of unsent
    emails by provider, the totals from the providers' own reminders, and "sent" is the rest."""
    mine = Reminder.objects.filter(provider_id__in=provider_ids)
    counts = dict.fromkeys(STATUSES, 0)
    # "Not sent", as the partial index says it (its predicate): a list of the other statuses lets the planner
    # add the country-wide status index to the scan.
    unsent = OutboxEmail.objects.filter(provider_id__in=provider_ids, reminder__isnull=False).exclude(
        status=OutboxEmail.Status.SENT
    )
    for row in unsent.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    totals = mine.aggregate(all=Count("pk"), emailed=Count("email_id"))
    counts[OutboxEmail.Status.SENT] = max(0, totals["emailed"] - sum(counts[s] for s in UNSENT))
    counts[""] = totals["all"]
    return counts


def preview(today: dt.date, provider_ids) -> list[Prepared]:
    """What the sweep for ``today`` would store for these providers, less what is already stored."""
    return reminders_prepare(today, providers=list(provider_ids), skip_stored=True)


PREVIEW_SHOWN = 50
PREVIEW_KEPT = 600  # seconds


def preview_summary(today: dt.date, provider_ids) -> dict:
    """The reminders page's preview: how many of each kind the sweep for ``today`` would send, and the first
    PREVIEW_SHOWN, worked out at most every ten minutes for a set of providers (the finders read the
    providers' places and dates) and afresh once a sweep has stored that day's reminders."""
    providers = ",".join(str(pk) for pk in sorted(provider_ids))
    key = f"reminders:preview:{today.isoformat()}:{cache_get(swept_key(today), 0)}:{providers}"
    summary = cache_get(key)
    if summary is None:
        prepared = preview(today, provider_ids)
        summary = {
            "total": len(prepared),
            "by_rule": sorted(Counter(item.due.rule.label for item in prepared).items()),
            "shown": [
                {"rule": item.due.rule.label, "to": item.due.to, "subject": item.subject}
                for item in prepared[:PREVIEW_SHOWN]
            ],
            "at": timezone.now(),
        }
        cache_set(key, summary, PREVIEW_KEPT)
    return summary


def has_unread(user) -> bool:
    return user.is_authenticated and unread_notifications(user)[1] > 0


def unread_notifications(user, *, limit: int = 5) -> tuple[list[Reminder], int]:
    """The newest ``limit`` unread notifications and how many are unread, in one query (the count rides on
    each row as a window), kept on the user for the request: the dashboard asks whether to show the panel,
    then the panel asks for them, and the answer costs the same query whether there are any or not."""
    memo = getattr(user, "_unread_notifications", None)
    if memo is None or memo[0] != limit:
        rows = list(
            Reminder.objects.filter(recipient=user, read_at__isnull=True).annotate(total=Window(Count("pk")))[:limit]
        )
        memo = (limit, rows, rows[0].total if rows else 0)
        user._unread_notifications = memo
    return memo[1], memo[2]


def notifications_of(user) -> QuerySet[Reminder]:
    return Reminder.objects.filter(recipient=user)


def optional_choices(user) -> list[tuple[object, bool]]:
    """Each optional rule and whether the user gets it."""
    off = set(ReminderOptOut.objects.filter(user=user).values_list("rule", flat=True))
    return [(rule, rule.code not in off) for rule in OPTIONAL]


def templates_of(provider) -> dict[str, ReminderTemplate]:
    return {t.rule: t for t in ReminderTemplate.objects.filter(provider=provider)}


GIVEN_UP_SHOWN_DAYS = 14


def emails_given_up(user) -> int:
    """Emails to or about a provider admin's people that the outbox gave up on (refused for good, or a day of
    retries) in the last fortnight: the dashboard tells the admin (issue 25, 8). Remembered for the request."""
    cached = getattr(user, "_nasenco_emails_given_up", None)
    if cached is None:
        since = timezone.now() - dt.timedelta(days=GIVEN_UP_SHOWN_DAYS)
        failed = OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED, created__gte=since).values("pk")
        cached = Reminder.objects.filter(provider_id__in=administered_provider_ids(user), email_id__in=failed).count()
        user._nasenco_emails_given_up = cached
    return cached
