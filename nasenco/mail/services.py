"""Writes for the outbox. Views and tasks call these; nothing else sends email."""

import logging
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxEmail

MAX_ATTEMPTS = 5
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
    so whatever queued them (a request, a sweep) still succeeds. Returns how many were handed over."""
    from .tasks import send_email  # the task module imports this one

    handed = 0
    for email_id in email_ids:
        try:
            send_email.delay(email_id=email_id)
        except Exception:  # the broker's connection errors vary by transport; the row is safe either way
            logger.warning("Broker unavailable: email %s stays queued for the relay", email_id, exc_info=True)
            break
        handed += 1
    return handed


def email_send(*, email_id: int) -> bool:
    """Send one queued email. Returns True if this call sent it.

    The row is claimed with a conditional update, so a duplicated task sends nothing. No transaction is
    held open while talking to the mail server.
    """
    claimed = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.QUEUED).update(
        status=OutboxEmail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
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
        gave_up = email.attempts >= MAX_ATTEMPTS
        OutboxEmail.objects.filter(pk=email_id).update(
            status=OutboxEmail.Status.FAILED if gave_up else OutboxEmail.Status.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    OutboxEmail.objects.filter(pk=email_id).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


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
        status=OutboxEmail.Status.QUEUED, attempts=0
    )
    if again:
        transaction.on_commit(lambda: email_dispatch([email.pk]))
    return bool(again)
