"""A programme's assessment scheme: components, their weighted sub-elements, rubric criteria with band
descriptors, and due dates per cohort. Submissions, marking and awards build on these."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cohorts.models import Cohort, Programme
from enrolment.choices import Scope
from nasenco.files.storage import private_path
from portfolio.models import Outcome


class Component(models.Model):
    class Kind(models.TextChoices):
        LEVEL_7 = "level7", "Level 7, marked 0–100"
        PASS_FAIL = "pass_fail", "Professional element, pass or fail"
        # Passed when the headteacher signs off the participant's complete performance booklet (schools app).
        BOOKLET = "booklet", "Performance booklet, signed off by the headteacher"
        # NPQs' one summative assessment: released to a cohort in a window, handed in within it, pass or fail.
        CASE_STUDY = "case_study", "Case study in a release window, pass or fail"

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
    anonymous_marking = models.BooleanField(default=False, help_text="Markers see a candidate number, not a name.")
    moderation_percent = models.PositiveSmallIntegerField(
        default=10,
        validators=[MaxValueValidator(100)],
        help_text="Share of each marker's work second-marked, besides fails, 70+ and near-boundary marks.",
    )
    outcomes = models.ManyToManyField(
        Outcome, blank=True, related_name="components", help_text="Outcomes a pass in this component evidences."
    )
    description = models.TextField(blank=True)
    due_weeks = models.PositiveSmallIntegerField(
        "due (weeks after the first session)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(156)],
        help_text="Proposes each new cohort's due date; the cohort's own date can differ.",
    )
    appeal_days = models.PositiveSmallIntegerField(
        "days to lodge an appeal after release",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Your published appeals route: an appeal lodged later is refused.",
    )
    mentor_marks = models.BooleanField(
        "marked by the school-based mentor",
        default=False,
        help_text="Work handed in goes to the participant's mentor to mark, then moderation and release as usual.",
    )

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
    late_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Work is accepted, marked late, for this many days after the due date (or an "
        "approved extension); after that only with an extension.",
    )

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["component", "cohort"], name="assessment_due_once")]

    def __str__(self) -> str:
        return f"{self.component} — {self.cohort}: {self.due_on}"


class Extension(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="extensions")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField("new due date")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.REQUESTED)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Extension to {self.until} for {self.component}"


def submission_upload_to(instance: "Submission", filename: str) -> str:
    return private_path(f"submissions/{instance.enrolment_id}", filename)


class Submission(models.Model):
    class Status(models.TextChoices):
        NOT_MARKED = "not_marked", "Not marked"
        IN_MARKING = "in_marking", "In marking"
        MARKED = "marked", "Marked"
        RELEASED = "released", "Released"

    enrolment = models.ForeignKey(  # indexed by assessment_one_attempt (enrolment, component, attempt)
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="submissions", db_index=False
    )
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="submissions")
    attempt = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=submission_upload_to, max_length=200)
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    word_count = models.PositiveIntegerField(null=True, blank=True)  # the participant's, as they confirmed it
    file_word_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="The words in the file as handed in (nasenco/files/words.py), if readable."
    )
    own_work_declared = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    late = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_MARKED)
    marker = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="marking"
    )
    allocated_on = models.DateField(null=True, blank=True, db_index=True, help_text="When the marker got the work.")
    # The mark, filled in by the marker; hidden from the participant until released.
    criterion_marks = models.JSONField(default=dict, blank=True)
    criterion_feedback = models.JSONField(default=dict, blank=True, help_text="{criterion id: feedback}")
    raw_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    final_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    mark_notes = models.JSONField(default=list, blank=True)
    feedback = models.TextField(blank=True)
    feedback_file = models.FileField(
        upload_to=submission_upload_to,
        blank=True,
        max_length=200,
        help_text="An annotated copy of the work, returned with the feedback.",
    )
    feedback_file_name = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    released_at = models.DateTimeField(null=True, blank=True)
    window = models.ForeignKey(
        "Window", on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="Case studies: sat in."
    )
    # Moderation: a sampled piece is second-marked blind; a wide disagreement goes to a third marker; the
    # agreed mark is kept beside both.
    in_sample = models.BooleanField(default=False)
    agreed_mark = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "component", "attempt"], name="assessment_one_attempt")
        ]
        indexes = [
            # Sampled work waiting for a second mark ("My work"): a handful of rows, found without reading
            # the nation's marked work.
            models.Index(
                fields=["enrolment"],
                condition=models.Q(in_sample=True, status="marked", agreed_mark__isnull=True),
                name="assessment_awaiting_moderation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.component} — attempt {self.attempt}"

    @property
    def stage(self) -> str:
        """Where the piece is in the workflow, including the moderation steps derived from the sample."""
        if self.status == self.Status.MARKED:
            if self.in_sample and self.agreed_mark is None:
                return "Awaiting second marking"
            return "Moderated, ready for release" if self.in_sample else "Ready for release"
        return self.get_status_display()

    @property
    def candidate_number(self) -> str:
        """What a marker sees instead of a name when the component is marked anonymously."""
        return f"Candidate {self.enrolment_id * 7919 % 100000:05d}"

    def label_for_marker(self) -> str:
        return self.candidate_number if self.component.anonymous_marking else self.enrolment.participant.full_name


def may_hand_in(last: Submission | None) -> bool:
    """The one rule for handing in: a first attempt, or a new one after a released fail."""
    return last is None or (last.status == Submission.Status.RELEASED and last.passed is False)


class MarkChange(models.Model):
    """Every change to a mark: who, when, old → new."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="mark_changes")
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    old_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    new_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    imported = models.BooleanField(default=False, help_text="Came from a spreadsheet of marks given offline.")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.old_mark} → {self.new_mark}"


class Award(models.Model):
    """A confirmed award: the certificate number that anyone can verify, and when it was completed."""

    enrolment = models.OneToOneField("enrolment.Enrolment", on_delete=models.PROTECT, related_name="award")
    certificate_number = models.CharField(max_length=30, unique=True)
    # The name as awarded: what verification shows, and all that stays once the person's data is erased.
    holder_name = models.CharField(max_length=150, blank=True)
    scope = models.CharField(max_length=12, choices=Scope)
    completed_on = models.DateField()
    in_time = models.BooleanField(null=True, help_text="Completed by the statutory deadline (empty if none).")
    confirmed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.certificate_number

    @property
    def early_years_only(self) -> bool:
        return self.scope == Scope.EARLY_YEARS


class ModerationMark(models.Model):
    class Role(models.TextChoices):
        SECOND = "second", "Second marker"
        THIRD = "third", "Third marker"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="moderation")
    role = models.CharField(max_length=6, choices=Role)
    marker = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    mark = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["submission", "role"], name="assessment_moderation_once")]

    def __str__(self) -> str:
        return f"{self.submission}: {self.get_role_display()} {self.mark}"


class MarkImport(models.Model):
    """A spreadsheet of marks given offline for one component of one cohort: checked line by line into a
    preview (nothing changed), applied when an admin confirms."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.component} for {self.cohort}"

    def count(self, verdict: str) -> int:
        return sum(1 for row in self.rows if row["verdict"] == verdict)


def _examiner_report_path(instance, filename):
    return private_path(f"examiner-reports/{instance.cohort_id}", filename)


class ExaminerReport(models.Model):
    """An external examiner's report on a cohort (text and an optional file), and the provider's answer."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="examiner_reports")
    examiner = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    examiner_name = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=20_000)
    file = models.FileField(upload_to=_examiner_report_path, blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    response = models.TextField(blank=True, max_length=20_000)
    responded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Examiner's report on {self.cohort} by {self.examiner_name}"


class Window(models.Model):
    """When a cohort sits a case study: the brief is released at opening and work is handed in until closing
    (Europe/London times). A cohort's later windows are its resits and its deferrals."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="windows")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="windows")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    brief = models.TextField(max_length=20_000, help_text="The case study's task, shown to participants from opening.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="assessment_window_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component} — {self.cohort}: {self.opens_at:%d/%m/%Y}"


class Adjustment(models.Model):
    """An individual adjustment to a case study: extra time in the window, or (after extenuating
    circumstances approved by an admin) a later window, the missed one not counting as an attempt."""

    class Kind(models.TextChoices):
        EXTRA_TIME = "extra_time", "Extra time"
        LATER_WINDOW = "later", "A later window (extenuating circumstances)"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="adjustments")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=10, choices=Kind)
    reason = models.TextField(max_length=5000)
    extra_minutes = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(7 * 24 * 60)])
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="The later window."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.REQUESTED)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.component}"


class Appeal(models.Model):
    """An appeal against a released result, lodged within the component's appeal days and decided by
    someone who did not mark or moderate the work."""

    class Status(models.TextChoices):
        LODGED = "lodged", "Waiting for a decision"
        UPHELD = "upheld", "Upheld: the result is changed to a pass"
        DISMISSED = "dismissed", "Dismissed: the result stands"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="appeals")
    grounds = models.TextField(max_length=10_000)
    lodged_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.LODGED)
    reviewer = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(blank=True, max_length=10_000)

    class Meta:
        ordering = ["-lodged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=models.Q(status="lodged"), name="assessment_one_open_appeal"
            )
        ]

    def __str__(self) -> str:
        return f"Appeal against {self.submission}"
