"""Schools, participants' profiles, places on cohorts (applications → enrolments), their history, and the
headteacher's declaration."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper

from cohorts.models import Cohort, Provider
from nasenco.files.storage import private_path
from nasenco.folding import fold

from .choices import DeadlineStatus, Induction, InductionExemption, QualifiedStatus, Role, Scope, Setting
from .statute import Answer, Reason


class School(models.Model):
    class Phase(models.TextChoices):
        EARLY_YEARS = "early_years", "Early years (0–5) setting or maintained nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special school"
        ALTERNATIVE = "alternative", "Pupil referral unit or alternative provision"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, blank=True, editable=False)  # as search compares it
    urn = models.CharField(
        "URN",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is six digits, like 100000.")],
        help_text="The school's unique reference number (Get Information about Schools).",
    )
    local_authority = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=12, choices=Phase, default=Phase.PRIMARY)
    setting = models.CharField(
        "kind of school or setting",
        max_length=20,
        choices=Setting,
        blank=True,
        help_text="Decides whether the statutory deadline applies (Children and Families Act 2014, s. 67).",
    )
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["urn"], condition=~models.Q(urn=""), name="enrolment_school_unique_urn")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)[:200]
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_early_years(self) -> bool:
        return self.phase == self.Phase.EARLY_YEARS


class ParticipantProfile(models.Model):
    """What a teacher tells us about themselves; the statutory answer is decided from it (``statute.py``).

    Every question may stay unanswered while the application is a draft: empty means "not told yet"."""

    QualifiedStatus = QualifiedStatus
    Role = Role

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    trn = models.CharField(
        "teacher reference number",
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{7}$", "A teacher reference number (TRN) is seven digits, like 1234567.")],
    )
    qualified_status = models.CharField(max_length=6, choices=QualifiedStatus, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    induction = models.CharField(max_length=16, choices=Induction, blank=True)
    induction_exemption = models.CharField(max_length=20, choices=InductionExemption, blank=True)
    set_member = models.BooleanField(
        "member of the Society for Education and Training",
        null=True,
        blank=True,
        help_text="Asked of QTLS holders: QTLS counts as QTS in schools only during membership.",
    )
    role = models.CharField(max_length=12, choices=Role, blank=True)
    school_supports = models.BooleanField(default=False)
    appointed_senco_on = models.DateField(null=True, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class SencoSpell(models.Model):
    """An earlier period as SENCO, before the current appointment: reg. 49(4) counts the days of these at
    relevant schools, not a rounded number of months."""

    profile = models.ForeignKey(ParticipantProfile, on_delete=models.CASCADE, related_name="spells")
    started_on = models.DateField("from")
    ended_on = models.DateField("to")
    setting = models.CharField(max_length=20, choices=Setting)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")), name="enrolment_spell_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"SENCO {self.started_on} to {self.ended_on} ({self.get_setting_display()})"

    @property
    def relevant(self) -> bool:
        return self.setting in Setting.relevant()


class Enrolment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft application"
        SUBMITTED = "submitted", "Submitted"
        ELIGIBLE = "eligible", "Eligible"
        INELIGIBLE = "ineligible", "Not eligible"
        AWAITING_DECLARATION = "awaiting_declaration", "Awaiting headteacher declaration"
        # Imported when the cohort was full: an application the admin accepts when a place frees.
        WAITING = "waiting", "On the waiting list"
        ACCEPTED = "accepted", "Place accepted"
        ACTIVE = "active", "Studying"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DEFERRED = "deferred", "Deferred"
        TRANSFERRED = "transferred", "Transferred to another cohort"

    class Source(models.TextChoices):
        PORTAL = "portal", "The portal (application form, import or transfer)"
        DFE = "dfe", "DfE's Lead Provider API (NPQ registration)"

    # Statuses in which the participant belongs to the cohort and sees its timetable.
    ON_PROGRAMME = (Status.ACCEPTED, Status.ACTIVE, Status.COMPLETED)

    # Indexed by the composites in Meta (each leads with its column): no single-column index as well.
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments", db_index=False)
    # The cohort's provider, stored on the place as on the cohort, so a provider's lists filter and sort on
    # one index of their own instead of joining cohorts (set from the cohort when the place is first saved).
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+", db_index=False)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments", db_index=False
    )
    status = models.CharField(max_length=24, choices=Status, default=Status.DRAFT)
    source = models.CharField(max_length=8, choices=Source, default=Source.PORTAL)
    headteacher_name = models.CharField(max_length=150, blank=True)
    headteacher_email = models.EmailField(blank=True)
    # The statutory answer (enrolment.statute), stored so lists filter on it with an index. It is recomputed
    # by services.statutory whenever a fact behind it changes: the profile, the cohort's dates, the
    # programme's terms, a transfer or the award.
    eligible = models.BooleanField(null=True, blank=True, help_text="Empty: we need to know more.")
    award_scope = models.CharField(max_length=12, choices=Scope, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="[{text, source}] behind the decision")
    missing = models.JSONField(default=list, blank=True, help_text="What we still need to know")
    submitted_at = models.DateTimeField(null=True, blank=True)
    statutory_deadline = models.DateField(null=True, blank=True, db_index=True)
    deadline_required = models.BooleanField(null=True, blank=True, help_text="Empty: we need to know more.")
    deadline_reasons = models.JSONField(default=list, blank=True)
    deadline_close_from = models.DateField(null=True, blank=True, db_index=True)
    deadline_risk_from = models.DateField(null=True, blank=True, db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    student_number = models.CharField(
        max_length=30, blank=True, help_text="The university's own number for the student, set by its records system."
    )
    transferred_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["cohort", "participant"], name="enrolment_unique_place")]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["cohort", "status"]),
            # The applications list: a provider's newest first, 50 at a time, read straight off the index.
            models.Index(fields=["provider", "-submitted_at", "-created"], name="enrolment_provider_newest"),
            models.Index(fields=["provider", "status"], name="enrolment_provider_status"),
            # Every dashboard asks whether the person heads a school (schools_headed_by): headteacher_email
            # __iexact, which is UPPER(headteacher_email) = UPPER(%s), read off this index, not every place.
            models.Index(Upper("headteacher_email"), name="enrolment_head_email_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.provider_id is None:  # a place belongs to its cohort's provider (a transfer is a new place)
            self.provider_id = self.cohort.provider_id
        super().save(*args, **kwargs)

    @property
    def statutory(self):
        """The stored statutory answer, as the pure rules gave it."""
        return Answer(
            eligible=self.eligible,
            scope=self.award_scope,
            reasons=[Reason(**r) for r in self.reasons],
            missing=list(self.missing),
            deadline=self.statutory_deadline,
            required=self.deadline_required,
            deadline_reasons=[Reason(**r) for r in self.deadline_reasons],
            close_from=self.deadline_close_from,
            risk_from=self.deadline_risk_from,
            completed_on=self.completed_on,
        )

    @property
    def early_years_only(self) -> bool:
        return self.award_scope == Scope.EARLY_YEARS

    def deadline_status(self, today) -> DeadlineStatus:
        return self.statutory.status_on(today)


class EnrolmentEvent(models.Model):
    """Who changed an enrolment, when, from what to what, and why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, blank=True, choices=Enrolment.Status)
    to_status = models.CharField(max_length=24, choices=Enrolment.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the portal decided (e.g. eligibility).",
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_status or '—'} → {self.to_status}"


def declaration_upload_to(instance: "Declaration", filename: str) -> str:
    return private_path(f"declarations/{instance.enrolment_id}", filename)


class Declaration(models.Model):
    """The headteacher's signed declaration for one application, reached through a signed, expiring link."""

    class Status(models.TextChoices):
        SENT = "sent", "Waiting for the signed form"
        UPLOADED = "uploaded", "Uploaded, waiting for verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected: a new upload is needed"

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="declaration")
    nonce = models.UUIDField(default=uuid.uuid4, help_text="Changes when a new link is sent; old links stop working.")
    clauses = models.TextField(help_text="The clauses the head signs, as sent (one per line).")
    status = models.CharField(max_length=10, choices=Status, default=Status.SENT)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    scan = models.FileField(upload_to=declaration_upload_to, blank=True, max_length=200)
    scan_content_type = models.CharField(max_length=50, blank=True)
    scan_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.CharField("signed by", max_length=150, blank=True)
    dbs_confirmed = models.BooleanField(
        default=False,
        help_text="The head confirms a current DBS check. Certificate details are never stored.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Declaration for {self.enrolment}"


DEFAULT_CLAUSES = "\n".join(
    [
        "The school will support the participant through the programme, with release time for study and "
        "school-based tasks.",
        "The participant has an up-to-date DBS check and is considered safe to work with children.",
        "The participant is employed on a contract that will continue for at least one year from the date of "
        "this application.",
    ]
)


class DeclarationClauses(models.Model):
    """A provider's own wording of the headteacher declaration."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="declaration_clauses")
    text = models.TextField(default=DEFAULT_CLAUSES, help_text="One clause per line.")

    def __str__(self) -> str:
        return f"Declaration clauses of {self.provider}"


class ImportBatch(models.Model):
    """A participant list uploaded for a cohort: read and checked first (nothing written), then added when
    an admin confirms. Its rows are kept only until the retention sweep (privacy/services.py)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Checked, waiting for confirmation"
        RUNNING = "running", "Adding participants"
        DONE = "done", "Added"
        FAILED = "failed", "Stopped"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the file, to recognise the same file again.")
    rows = models.JSONField(default=list, help_text="Each line: values, verdict and reasons.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    done_rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["cohort", "digest"], name="enrolment_import_digest")]

    def __str__(self) -> str:
        return f"{self.file_name} for {self.cohort}"

    def count(self, verdict: str) -> int:
        return sum(1 for row in self.rows if row["verdict"] == verdict)

    @property
    def to_add(self) -> int:
        return sum(1 for row in self.rows if row["verdict"] in ("new", "existing"))
