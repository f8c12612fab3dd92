"""Writes for the outbox. Views and tasks call these; nothing else sends email."""

import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from ..queue import publish
from .models import OutboxEmail

# A mail server that is down, refusing or slow is tried again for a day (issue 25, 8: five minutes without
# SMTP used to fail most emails for good): a minute after the first failure, doubling to every half hour.
# The relay (every minute, on beat) hands due rows to a worker, so no retry waits in the broker.
GIVE_UP_AFTER = timedelta(hours=24)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(minutes=30)
RELAY_GRACE = timedelta(minutes=1)  # a new row's own nudge normally delivers it well within this
# A send holds its claim this long. Longer than the task time limit, so a live send is never taken over.
SENDING_LEASE = timedelta(minutes=15)
logger = logging.getLogger(__name__)


AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def subject_line(subject: str, *, programme: str = "") -> str:
    """Every subject names the programme it is about (when it is about one) and the portal, never a host:
    "NPQSENCO: Your mark for Assignment 1 is ready — NASENCO Portal"."""
    subject = " ".join(subject.split())
    if programme and not subject.startswith(f"{programme}:"):
        subject = f"{programme}: {subject}"
    if settings.SITE_NAME not in subject:
        subject = f"{subject} — {settings.SITE_NAME}"
    return subject


def email_render(template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, HTML) of ``template``: what ``email_queue`` stores, and what a confirmation page shows
    people will be told before anything is sent."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = subject_line(render_to_string(f"{template}/subject.txt", context), programme=context.get("programme", ""))
    return (
        subject,
        render_to_string(f"{template}/body.txt", context),
        render_to_string(f"{template}/body.html", context),
    )  # RFC 3834: no out-of-office replies to the portal's emails


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    key: str | None = None,
    reply_to: str = "",
    headers: dict | None = None,
    automatic: bool = True,
    attachments=(),
    provider_id: int | None = None,
) -> OutboxEmail | None:
    """Render ``template``/subject.txt, body.txt and body.html and store the message as queued.

    The send task is queued after the surrounding transaction commits. With a ``key`` the same message
    is stored at most once: a second call with that key stores nothing and returns None.
    """
    subject, body_text, body_html = email_render(template, context)
    email = OutboxEmail(
        to=to,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        template=template,
        key=key,
        reply_to=reply_to,
        headers={**(AUTOMATIC if automatic else {}), **(headers or {})},
        attachments=list(attachments),  # text attachments: [{filename, content_type, content}]
        provider_id=provider_id,  # a reminder's or message's provider: the reminders outbox counts by it
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if key and OutboxEmail.objects.filter(key=key).exists():
            return None
        raise
    transaction.on_commit(lambda: email_dispatch([email.pk]))
    return email


def email_dispatch(email_ids) -> int:
    """Hand queued emails to the worker. If the broker is down they stay queued for the relay to pick up,
    so whatever queued them (a request, a sweep) still succeeds; after one failure nothing more is tried for
    a while (``nasenco.queue``), so a request's time never grows with its number of emails. Returns how many
    were handed over."""
    handed = 0
    for email_id in email_ids:
        if not publish("nasenco.mail.tasks.send_email", email_id=email_id):
            break
        handed += 1
    return handed


def retry_delay(attempts: int) -> timedelta:
    """How long after the ``attempts``-th failed attempt the next one is due."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 10), LONGEST_RETRY)


def is_permanent(exc: Exception) -> bool:
    """Did the mail server refuse this message for good (a 5xx about the recipient or the message)? Anything
    else (no connection, a timeout, 4xx, our own credentials refused) may pass, so it is tried again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def email_send(*, email_id: int) -> bool:
    """Send one queued email. Returns True if this call sent it.

    The row is claimed with a conditional update, so a duplicated task sends nothing. No transaction is
    held open while talking to the mail server.
    """
    now = timezone.now()
    claimed = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.QUEUED).update(
        status=OutboxEmail.Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        trying_since=Coalesce("trying_since", Value(now)),
    )
    if not claimed:
        return False
    email = OutboxEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={**email.headers, "Message-ID": make_msgid(domain=settings.EMAIL_DOMAIN)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    try:
        message.send()
    except Exception as exc:
        failed_at = timezone.now()
        gave_up = is_permanent(exc) or failed_at - email.trying_since >= GIVE_UP_AFTER
        OutboxEmail.objects.filter(pk=email_id).update(
            status=OutboxEmail.Status.FAILED if gave_up else OutboxEmail.Status.QUEUED,
            next_attempt_at=None if gave_up else failed_at + retry_delay(email.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    OutboxEmail.objects.filter(pk=email_id).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return True


def emails_due(*, now=None):
    """Queued rows a worker should have now: retries whose time has come, and rows whose own nudge was lost
    (the broker was down when they were stored), oldest first."""
    now = now or timezone.now()
    queued = OutboxEmail.objects.filter(status=OutboxEmail.Status.QUEUED)
    retries = queued.filter(next_attempt_at__lte=now)
    lost = queued.filter(next_attempt_at__isnull=True, created__lt=now - RELAY_GRACE)
    return (retries | lost).order_by("created")


def email_recover_stalled(*, now=None) -> int:
    """Put back rows whose worker died mid-send (claimed longer ago than the lease) so they are not lost.

    A worker killed after the mail server accepted the message but before it recorded "sent" would make
    this a second copy; that window is the few microseconds between the two, and it is the only one.
    """
    now = now or timezone.now()
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.SENDING, claimed_at__lt=now - SENDING_LEASE).update(
        status=OutboxEmail.Status.QUEUED, last_error="The worker stopped while sending; queued again."
    )


def email_retry(*, email: OutboxEmail) -> bool:
    """An admin asks for a failed email to be tried again. Returns False if it was no longer failed."""
    again = OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.QUEUED, attempts=0, trying_since=None, next_attempt_at=None
    )
    if again:
        transaction.on_commit(lambda: email_dispatch([email.pk]))
    return bool(again)
