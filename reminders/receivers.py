"""What other apps signal (they cannot import this app, which sits above them): work allocated to a marker is
emailed, unless they switched that off, and always noted in the portal."""

import uuid

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from assessment.signals import work_allocated
from nasenco.mail.services import email_queue, email_render

from .models import ALLOCATED, Reminder, ReminderOptOut
from .schedule import ALLOCATIONS
from .unsubscribe import unsubscribe_headers

TEMPLATE = "assessment/email/allocated"


@receiver(work_allocated, dispatch_uid="reminders-work-allocated")
def tell_marker(sender, *, marker, cohort, count, **kwargs) -> None:
    """Email the marker (with a one-click way to stop these emails) and notify them in the portal with the
    same words, linking to their work."""
    context = {"marker": marker, "cohort": cohort, "count": count, "programme": cohort.programme.short_name}
    email = None
    if not ReminderOptOut.objects.filter(user=marker, rule=ALLOCATED).exists():
        email = email_queue(
            to=marker.email,
            template=TEMPLATE,
            context=context,
            reply_to=cohort.provider.reply_address,
            headers=unsubscribe_headers(user_id=marker.pk, rule=ALLOCATIONS),
            provider_id=cohort.provider_id,
        )
    subject, body = (email.subject, email.body_text) if email else email_render(TEMPLATE, context)[:2]
    today = timezone.localdate()
    Reminder.objects.create(
        key=f"{ALLOCATED}:{email.pk}" if email else f"{ALLOCATED}:{uuid.uuid4()}",
        rule=ALLOCATED,
        milestone=today.isoformat(),
        provider_id=cohort.provider_id,
        recipient=marker,
        to=marker.email,
        subject=subject,
        body=body,
        link=reverse("assessment:my-work"),
        email=email,
        run=uuid.uuid4(),
        sweep_date=today,
    )
