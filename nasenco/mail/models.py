"""The outbox: every email is a stored row before anything tries to send it."""

from django.db import models


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    template = models.CharField(max_length=150, help_text="The template folder the message came from.")
    # A reminder or notice that must never be stored twice carries a unique key.
    key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001 - unique when set: see Meta
    reply_to = models.EmailField(blank=True, help_text="The provider's address for replies, if it set one.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Text attachments: [{filename, content_type, content}]."
    )
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers: Auto-Submitted, List-Unsubscribe (RFC 3834, RFC 8058)."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker claimed the row; a row left "sending" long after this was claimed by a worker that died.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Transient failures are tried again from this time on (the relay hands due rows to a worker), for a day
    # counted from ``trying_since`` (the first attempt, or an admin's "try again").
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    trying_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider whose reminder, message or notice this is (an id, not a key: the outbox sits beneath the
    # apps). The reminders outbox counts a provider's unsent emails from the partial index below, not by
    # looking through every unsent email in the country.
    provider_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["status", "created"]),
            models.Index(fields=["status", "next_attempt_at"], name="mail_outbox_due"),
            models.Index(
                fields=["provider_id", "status"],
                condition=~models.Q(status="sent"),
                name="mail_outbox_provider_unsent",
            ),
        ]
        # A constraint, not unique=True: that would add a second (pattern-matching) index on the key, which
        # nothing reads and every insert pays for.
        constraints = [models.UniqueConstraint(fields=["key"], name="mail_outbox_key_once")]
        verbose_name = "outbox email"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.get_status_display()})"
