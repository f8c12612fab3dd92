"""What the sweep stored for whom, who opted out of what, and each provider's own wording."""

from django.conf import settings
from django.db import models

from cohorts.models import Provider
from nasenco.files.storage import private_path
from nasenco.mail.models import OutboxEmail

from .schedule import ALLOCATED, MESSAGE, OPTIONAL, RULES

# A Reminder row with rule MESSAGE is a message staff wrote (reminders.messages); with ALLOCATED, work given
# to a marker (reminders.receivers). Both are emails a person may switch off (schedule.OPTIONAL).


class Reminder(models.Model):
    """One reminder to one person: the email in the outbox and, for people with an account, the in-app
    notification. The key (rule, recipient, subject, milestone) makes a second copy impossible."""

    key = models.CharField(max_length=200)  # unique: see Meta
    rule = models.CharField(
        max_length=30,
        choices=[
            *((r.code, r.label) for r in RULES),
            (MESSAGE, "Message from your provider"),
            (ALLOCATED, "Work allocated to you to mark"),
        ],
    )
    milestone = models.CharField(max_length=20)
    # Indexed by (provider, -created) and (recipient, read_at) in Meta.
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+", db_index=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,
    )
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    email = models.OneToOneField(OutboxEmail, on_delete=models.SET_NULL, null=True, related_name="reminder")
    run = models.UUIDField(db_index=True, help_text="The sweep that stored it.")
    sweep_date = models.DateField()
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["provider", "-created"]),
        ]
        # A constraint, not unique=True: that would add a second (pattern-matching) index on the key, which
        # nothing reads and the sweep's ten thousand inserts a day pay for.
        constraints = [models.UniqueConstraint(fields=["key"], name="reminders_key_once")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class ReminderOptOut(models.Model):
    """A person has switched off an optional reminder. Statutory and due-date reminders cannot be."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs")
    rule = models.CharField(max_length=30, choices=[(r.code, r.label) for r in OPTIONAL])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "rule"], name="reminders_one_opt_out")]

    def __str__(self) -> str:
        return f"{self.user} — no {self.rule}"


class ReminderTemplate(models.Model):
    """A provider's own wording for one rule. Without one, the rule's default wording is used."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="reminder_templates")
    rule = models.CharField(max_length=30, choices=[(r.code, r.label) for r in RULES])
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "rule"], name="reminders_one_template")]

    def __str__(self) -> str:
        return f"{self.provider} — {self.rule}"


def _attachment_path(instance, filename):
    return private_path(f"messages/{instance.cohort_id}", filename)


class Message(models.Model):
    """A message staff wrote to a cohort or a group of it: a draft until sent; then each recipient has an
    outbox email and a notification (``Reminder`` rows with rule ``message``)."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    audience = models.CharField(max_length=60, help_text="Who it goes to: everyone, or a group of the cohort.")
    audience_label = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000)
    attachment = models.FileField(upload_to=_attachment_path, blank=True, max_length=300)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["cohort", "-sent_at"], name="reminders_message_sent")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.audience_label}, {self.cohort}"
