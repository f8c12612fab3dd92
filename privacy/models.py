"""A participant's request to have their personal data erased: kept as evidence it was answered in time."""

from django.conf import settings
from django.db import models

from cohorts.models import Provider


class ErasureRequest(models.Model):
    """Asked by the participant in the portal; each provider holding their data must answer within one month
    of receiving it (UK GDPR Art. 12(3), Art. 17). Answered by the erasure itself, or with the reason why not."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the provider"
        ERASED = "erased", "Erased"
        REFUSED = "refused", "Not erased, with the reason"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True, max_length=5000, help_text="What the person wrote, if anything.")
    created = models.DateTimeField(auto_now_add=True)
    respond_by = models.DateField(help_text="One calendar month from receipt (UK GDPR Art. 12(3)).")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "provider"], condition=models.Q(status="open"), name="privacy_one_open_request"
            )
        ]

    def __str__(self) -> str:
        return f"Erasure request to {self.provider}"
