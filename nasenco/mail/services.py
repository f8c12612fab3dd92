"""Writes for the outbox. Views and tasks call these; nothing else sends email."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxEmail

MAX_ATTEMPTS = 5


def email_queue(*, to: str, template: str, context: dict, key: str | None = None) -> OutboxEmail | None:
    """Render ``template``/subject.txt, body.txt and body.html and store the message as queued.

    The send task is queued after the surrounding transaction commits. With a ``key`` the same message
    is stored at most once: a second call with that key stores nothing and returns None.
    """
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}/subject.txt", context).split())
    email = OutboxEmail(
        to=to,
        subject=subject[:255],
        body_text=render_to_string(f"{template}/body.txt", context),
        body_html=render_to_string(f"{template}/body.html", context),
        template=template,
        key=key,
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if key and OutboxEmail.objects.filter(key=key).exists():
            return None
        raise
    from .tasks import send_email  # the task module imports this one

    transaction.on_commit(lambda: send_email.delay(email_id=email.pk))
    return email


def email_send(*, email_id: int) -> bool:
    """Send one queued email. Returns True if this call sent it.

    The row is claimed with a conditional update, so a duplicated task sends nothing. No transaction is
    held open while talking to the mail server.
    """
    claimed = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.QUEUED).update(
        status=OutboxEmail.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = OutboxEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
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
