"""In-app notifications for what other apps signal (they cannot import this app, which sits above them)."""

import uuid

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from assessment.signals import work_allocated

from .models import ALLOCATED, Reminder


@receiver(work_allocated, dispatch_uid="reminders-work-allocated")
def notify_marker(sender, *, marker, cohort, count, email, **kwargs) -> None:
    """The marker's notification beside the email: the same words, linking to their work."""
    if email is None:
        return
    Reminder.objects.create(
        key=f"{ALLOCATED}:{email.pk}",
        rule=ALLOCATED,
        milestone=timezone.localdate().isoformat(),
        provider_id=cohort.provider_id,
        recipient=marker,
        to=marker.email,
        subject=email.subject,
        body=email.body_text,
        link=reverse("assessment:my-work"),
        email=email,
        run=uuid.uuid4(),
        sweep_date=timezone.localdate(),
    )
