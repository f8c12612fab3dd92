"""What a programme teaches and how much of it each participant has taken part in.

A **framework** is versioned content: areas, each with "learn that" and "learn how to" statements (DfE's
NPQ frameworks are written this way). A provider holds its own copy of each version, so editing it never
touches another provider's; a programme's **plan** names the version it delivers, the share of self-study
a participant must complete, and which sessions and self-study units teach each statement. Engagement is
attendance at the sessions (the registers) plus self-study units completed."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cohorts.models import Cohort, Programme, Provider


class Framework(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="frameworks")
    title = models.CharField(max_length=200)
    version = models.PositiveSmallIntegerField(default=1)
    source = models.TextField(blank=True, help_text="Where the content comes from, e.g. DfE's page.")
    published_on = models.DateField(null=True, blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The version copied."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "title", "version"], name="curriculum_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class ContentArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="curriculum_area_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Statement(models.Model):
    class Kind(models.TextChoices):
        LEARN_THAT = "that", "Learn that"
        LEARN_HOW = "how", "Learn how to"

    area = models.ForeignKey(ContentArea, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(max_length=4, choices=Kind)
    number = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["area", "-kind", "number"]  # "learn that" before "learn how to", as the framework reads
        constraints = [models.UniqueConstraint(fields=["area", "kind", "number"], name="curriculum_statement_number")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def code(self) -> str:
        """e.g. "3.2a" (area 3, the second "learn that") or "3.1b" (the first "learn how to")."""
        return f"{self.area.number}.{self.number}{'a' if self.kind == self.Kind.LEARN_THAT else 'b'}"


class Plan(models.Model):
    """How a programme delivers a framework, and what engagement it asks of participants."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="curriculum_plan")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="plans")
    self_study_minimum_percent = models.PositiveSmallIntegerField(
        "self-study to complete (%)", default=90, validators=[MaxValueValidator(100)]
    )
    gates_assessment = models.BooleanField(
        "work may be handed in only once both thresholds are met",
        default=True,
        help_text="NPQs: a participant sits the assessment once their engagement meets the thresholds.",
    )

    def __str__(self) -> str:
        return f"{self.programme}: {self.framework}"


class Session(models.Model):
    """What a programme's teaching day of a given number teaches, for every cohort run from it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(help_text="The teaching day's number (0 is orientation).")
    statements = models.ManyToManyField(Statement, blank=True, related_name="sessions")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="curriculum_session_number")]

    def __str__(self) -> str:
        return "Orientation" if self.number == 0 else f"Day {self.number}"


class Unit(models.Model):
    """A self-study unit: done in the participant's own time, marked done by them or by an import."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="units")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(1200)], help_text="About how long it takes."
    )
    link = models.URLField(blank=True, help_text="Where it is on your learning platform.")
    statements = models.ManyToManyField(Statement, blank=True, related_name="units")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="curriculum_unit_number")]

    def __str__(self) -> str:
        return f"Unit {self.number}: {self.title}"


class Completion(models.Model):
    class Source(models.TextChoices):
        PARTICIPANT = "participant", "Marked done by the participant"
        IMPORT = "import", "Imported from the learning platform"
        STAFF = "staff", "Recorded by staff"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="completions", db_index=False)
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_on = models.DateField()
    source = models.CharField(max_length=12, choices=Source)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "participant"], name="curriculum_completion_once")]

    def __str__(self) -> str:
        return f"{self.participant} completed {self.unit}"


class CompletionImport(models.Model):
    """A learning platform's export of completed units for one cohort: checked line by line into a preview
    (nothing changed), applied when staff confirm."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.file_name} for {self.cohort}"

    def count(self, verdict: str) -> int:
        return sum(1 for row in self.rows if row["verdict"] == verdict)
