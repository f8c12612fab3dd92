"""Learning-outcome frameworks (versioned data), evidence and its mapping to outcomes, and the portfolio."""

from django.conf import settings
from django.db import models

from enrolment.models import Enrolment
from nasenco.files.storage import private_path


class Framework(models.Model):
    """A versioned set of outcomes. A new version is a new row: earlier evidence keeps what it was mapped to."""

    name = models.CharField(max_length=100)
    version = models.PositiveSmallIntegerField(default=1)
    qualification = models.CharField(max_length=10, default="NASENCO")
    provisional = models.BooleanField(default=False, help_text="Wording paraphrased until the official text is loaded.")
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="portfolio_framework_version")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version}{', provisional' if self.provisional else ''})"


class Part(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(max_length=5)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="portfolio_part_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Outcome(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="outcomes")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=10)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "part__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="portfolio_outcome_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Portfolio(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SUBMITTED = "submitted", "Submitted for assessment"

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="portfolio")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="portfolios")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Portfolio of {self.enrolment.participant}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Evidence(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", "Policy"
        PROCEDURE = "procedure", "Procedure"
        PROVISION_MAP = "provision_map", "Provision map"
        CASE_STUDY = "case_study", "Case study (anonymised)"
        MEETING = "meeting", "Meeting record"
        OBSERVATION = "observation", "Observation"
        TRAINING = "training", "Training delivered"
        OTHER = "other", "Other"

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=15, choices=Kind)
    activity_date = models.DateField("date of the activity")
    reflection = models.TextField(help_text="What you did, what you learned, and what changed for pupils.")
    pupils_not_identifiable = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-activity_date", "-pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    return private_path(f"evidence/{instance.evidence.portfolio_id}", filename)


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    name = models.CharField(max_length=200, help_text="The name it had, cleaned of paths and control characters.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded", "pk"]

    def __str__(self) -> str:
        return self.name


class Mapping(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        MORE_NEEDED = "more_needed", "More needed"

    # Indexed by the composites in Meta (each leads with its column): no single-column index as well.
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="mappings", db_index=False)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="mappings", db_index=False)
    justification = models.TextField()
    status = models.CharField(max_length=12, choices=Status, default=Status.PROPOSED)
    comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["outcome__part__order", "outcome__order"]
        constraints = [models.UniqueConstraint(fields=["evidence", "outcome"], name="portfolio_mapping_once")]
        indexes = [models.Index(fields=["outcome", "status"])]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.outcome.code}"


class MappingEvent(models.Model):
    """The conversation about a mapping, for both sides to read."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=12, choices=Mapping.Status)
    text = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.mapping}: {self.get_status_display()}"


class JournalEntry(models.Model):
    """The reflective learning journal; an entry may belong to a teaching day."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="journal")
    written_on = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField("reflection")
    teaching_day = models.ForeignKey(
        "cohorts.TeachingDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The session it reflects on, if any.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return self.title


class SelfEvaluation(models.Model):
    """A rating of 1–4 per outcome at the start, middle and end of the programme."""

    class Stage(models.TextChoices):
        START = "start", "Start"
        MIDDLE = "middle", "Middle"
        END = "end", "End"

    RATINGS = [(1, "1 — not yet"), (2, "2 — developing"), (3, "3 — secure"), (4, "4 — leading others")]

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="self_evaluations")
    stage = models.CharField(max_length=6, choices=Stage)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=RATINGS)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "stage", "outcome"], name="portfolio_self_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.outcome.code} {self.stage}: {self.rating}"
