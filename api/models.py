"""What a provider's admin creates so that another system can read and write its records: API tokens with
scopes and an expiry, and webhook endpoints with the deliveries queued for them (an outbox)."""

from django.conf import settings
from django.db import models

from cohorts.models import Provider


class Scope(models.TextChoices):
    READ_RECORDS = "records:read", "Read records: programmes, cohorts, places, attendance, awards and the activity log"
    READ_MARKS = "marks:read", "Read released marks"
    WRITE_ATTENDANCE = "attendance:write", "Record attendance from another system"
    WRITE_PLACES = "places:write", "Set a place's student number"


class Token(models.Model):
    """A bearer token. Only its SHA-256 digest is kept: the token itself is shown once, when it is created."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, help_text='Which system uses it, e.g. "SITS nightly sync".')
    prefix = models.CharField(max_length=16, unique=True, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    expires_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["provider", "-created"], name="api_token_provider")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Endpoint(models.Model):
    """Where a provider's webhooks go. The signing secret is sealed at rest (nasenco.secrets)."""

    class Event(models.TextChoices):
        MARKS_RELEASED = "marks.released", "Marks released"
        AWARD_CONFIRMED = "award.confirmed", "Award confirmed"
        PLACE_WITHDRAWN = "place.withdrawn", "Place withdrawn"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    secret_sealed = models.TextField()
    events = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["provider", "removed_at"], name="api_endpoint_provider")]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one endpoint, written in the transaction that made the event and sent from there."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Endpoint.Event)
    payload = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="api_delivery_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["endpoint", "-created"], name="api_delivery_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"
