"""A programme's assessment scheme: components, their weighted sub-elements, rubric criteria with band
descriptors, and due dates per cohort. Submissions, marking and awards build on these."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cohorts.models import Cohort, Programme
from portfolio.models import Outcome


class Component(models.Model):
    class Kind(models.TextChoices):
        LEVEL_7 = "level7", "Level 7, marked 0–100"
        PASS_FAIL = "pass_fail", "Professional element, pass or fail"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind)
    credits = models.PositiveSmallIntegerField(default=0)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    word_tolerance_percent = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(50)])
    over_length_penalty = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(100)], help_text="Marks deducted beyond the tolerance."
    )
    pass_mark = models.PositiveSmallIntegerField(default=50, validators=[MinValueValidator(1), MaxValueValidator(100)])
    outcomes = models.ManyToManyField(
        Outcome, blank=True, related_name="components", help_text="Outcomes a pass in this component evidences."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class SubElement(models.Model):
    """A weighted part of a component (e.g. three school-based tasks and an action plan)."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="sub_elements")
    title = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["component", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A Level 7 rubric criterion with what each band looks like."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)
    descriptors = models.JSONField(default=dict, help_text='{"Distinction": "...", "Merit": "...", ...}')

    class Meta:
        ordering = ["component", "order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.title


class DueDate(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="due_dates")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="due_dates")
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["component", "cohort"], name="assessment_due_once")]

    def __str__(self) -> str:
        return f"{self.component} — {self.cohort}: {self.due_on}"
