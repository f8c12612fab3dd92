"""A teacher's place on a cohort. The enrolment issue adds applications, eligibility and declarations."""

from django.conf import settings
from django.db import models

from cohorts.models import Cohort


class Enrolment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft application"
        SUBMITTED = "submitted", "Submitted"
        ELIGIBLE = "eligible", "Eligible"
        INELIGIBLE = "ineligible", "Not eligible"
        AWAITING_DECLARATION = "awaiting_declaration", "Awaiting headteacher declaration"
        ACCEPTED = "accepted", "Place accepted"
        ACTIVE = "active", "Studying"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DEFERRED = "deferred", "Deferred"
        TRANSFERRED = "transferred", "Transferred to another cohort"

    # Statuses in which the participant belongs to the cohort and sees its timetable.
    ON_PROGRAMME = (Status.ACCEPTED, Status.ACTIVE, Status.COMPLETED)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=24, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="enrolment_unique_place")
        ]
        indexes = [models.Index(fields=["participant", "status"])]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort} ({self.get_status_display()})"
