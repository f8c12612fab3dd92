"""Providers (the tenant), their staff, venues, programmes, cohorts and teaching days."""

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from nasenco.dates import long_date
from nasenco.files.storage import private_path

# SEND Regulations 2014 reg. 49(7), inserted by SI 2024/535: a course started on or after this day meets the
# requirement only if it leads to the NPQ for SENCOs; one started before it, only if it leads to the National
# Award. The rules (enrolment.statute) read it from here, beside the qualifications it divides.
NPQ_FROM = dt.date(2024, 9, 1)


class Qualification(models.TextChoices):
    NASENCO = "NASENCO", "National Award for SEN Coordination"
    NPQSENCO = "NPQSENCO", "National Professional Qualification for SENCOs"

    @property
    def counts_for_courses(self) -> str:
        """Which courses of this qualification count (reg. 49(7)), in words for the pages that set them up."""
        before = self == Qualification.NASENCO
        return f"courses started {'before' if before else 'on or after'} {long_date(NPQ_FROM)}"

    @property
    def short(self) -> str:
        """How an email's subject names it: "National Award" or "NPQSENCO"."""
        return "National Award" if self == Qualification.NASENCO else "NPQSENCO"


def _logo_path(instance, filename):
    return private_path("logos", filename)


class Provider(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    accrediting_university = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    reply_to = models.EmailField(
        blank=True,
        help_text="Where replies to the portal's emails about your courses go (your contact email if empty).",
    )
    signatory_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who signs your certificates. Left empty, each names the admin who confirmed the award.",
    )
    signatory_role = models.CharField(max_length=200, blank=True, help_text="e.g. Programme Director")
    logo = models.FileField(upload_to=_logo_path, blank=True, max_length=300, help_text="Printed on certificates.")
    logo_type = models.CharField(max_length=30, blank=True)
    # NPQs: a DfE-contracted lead provider delivers through delivery partners (a teaching-school hub, a local
    # SEND partnership). A partner is a provider of its own: its staff see only its cohorts and people; the
    # lead provider's admins act as admins of every partner (cohorts.selectors.staff_roles).
    lead_provider = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="delivery_partners"
    )
    dfe_delivery_partner_id = models.UUIDField(
        "DfE delivery-partner id",
        null=True,
        blank=True,
        help_text="DfE's id for this delivery partner, sent with each NPQ declaration for its participants.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reply_address(self) -> str:
        """Where replies to the portal's emails about this provider's courses go: its reply-to address, or
        its contact email, so a reply reaches the provider and not the portal's no-reply sender."""
        return self.reply_to or self.contact_email


class Membership(models.Model):
    """A member of a provider's staff with a role there. One person may hold several roles.

    An external examiner sees, read-only, only the cohorts named here, and only until ``ends_on``."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Provider admin"
        TUTOR = "tutor", "Tutor"
        EXAMINER = "examiner", "External examiner"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role)
    created = models.DateTimeField(auto_now_add=True)
    ends_on = models.DateField(null=True, blank=True, help_text="External examiners: access ends after this day.")
    cohorts = models.ManyToManyField(
        "Cohort", blank=True, related_name="examiners", help_text="External examiners: what they see."
    )

    class Meta:
        ordering = ["provider__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "user", "role"], name="cohorts_membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.provider}"


class Invitation(models.Model):
    """An invitation to join a provider's staff, sent as a signed link through the outbox. Used once; a new
    link (resend) makes the old one stop working; it can be withdrawn until it is used."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role)
    ends_on = models.DateField(null=True, blank=True, help_text="External examiners: access ends after this day.")
    cohorts = models.ManyToManyField("Cohort", blank=True, related_name="+", help_text="External examiners.")
    nonce = models.UUIDField(default=uuid.uuid4, help_text="Changes on resend: only the newest link works.")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "email", "role"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="cohorts_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} at {self.provider}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None


class Venue(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="cohorts_venue_unique_name")]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A provider's course template; cohorts are runs of it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(max_length=200)
    qualification = models.CharField(max_length=10, choices=Qualification, default=Qualification.NASENCO)
    credits = models.PositiveSmallIntegerField(default=60)
    teaching_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Not counting orientation.",
    )
    has_orientation = models.BooleanField(default=True)
    default_start_time = models.TimeField(null=True, blank=True)
    default_end_time = models.TimeField(null=True, blank=True)
    submission_window_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months from the start within which all work must be submitted."
    )
    minimum_attendance_percent = models.PositiveSmallIntegerField(default=100, validators=[MaxValueValidator(100)])
    fee = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"), help_text="£, before VAT.")
    # Entry terms above the statutory minimum (SEND Regulations 2014 reg. 49(2)–(3): QTS, or QTLS with SET
    # membership, with induction where required; or the headteacher). Each provider sets its own.
    accepts_qtls = models.BooleanField(
        "take QTLS holders (who are members of the Society for Education and Training)", default=True
    )
    accepts_eyts = models.BooleanField(
        "take EYTS holders",
        default=True,
        help_text="EYTS is not QTS: the law does not let an EYTS holder be a mainstream school's SENCO.",
    )
    eyts_early_years_only = models.BooleanField(
        "an EYTS holder's award is recognised for the 0–5 (early years) sector only", default=True
    )
    aspiring_needs_support = models.BooleanField("aspiring SENCOs need their school's confirmed support", default=True)
    heads_need_teaching_status = models.BooleanField(
        "headteachers need a teaching status this programme takes, as other applicants do",
        default=False,
        help_text="The law lets a headteacher be SENCO without QTS (SEND Regulations 2014, reg. 49(3)).",
    )
    booklet_ink_required = models.BooleanField(
        "the headteacher signs the performance booklet in ink",
        default=False,
        help_text="The head uploads a scan of the pre-filled booklet signed by hand, rather than signing online.",
    )

    class Meta:
        ordering = ["provider__name", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def short_name(self) -> str:
        return Qualification(self.qualification).short

    @property
    def counts_for_courses(self) -> str:
        return Qualification(self.qualification).counts_for_courses


class Cohort(models.Model):
    class Delivery(models.TextChoices):
        VIRTUAL = "virtual", "Virtual classroom"
        VENUE = "venue", "At a venue"
        BLENDED = "blended", "Blended"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        RUNNING = "running", "Running"
        CLOSED = "closed", "Closed"

    # The provider is stored on the cohort itself so every tenant filter is one join-free condition.
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="cohorts")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=100, help_text='e.g. "Group 152" or "Norfolk 2023-24".')
    academic_year = models.CharField(max_length=7, help_text="e.g. 2023-24")
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.VIRTUAL)
    capacity = models.PositiveSmallIntegerField(default=20)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    tutors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="tutored_cohorts")
    notes = models.TextField(blank=True)
    # Bumped by every save through the services: an edit made from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-academic_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "academic_year", "name"], name="cohorts_cohort_unique_name_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.academic_year})"


class TeachingDay(models.Model):
    class Mode(models.TextChoices):
        VENUE = "venue", "At a venue"
        VIRTUAL = "virtual", "Virtual classroom"

    # Indexed by (cohort, number) and (cohort, date) in Meta.
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="days", db_index=False)
    number = models.PositiveSmallIntegerField(help_text="0 is the orientation session.")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    mode = models.CharField(max_length=10, choices=Mode)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="days")
    joining_link = models.URLField(blank=True)
    topics = models.TextField(blank=True)
    # iCalendar SEQUENCE: bumped when the date, time or place changes, so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohorts_day_unique_number"),
            models.CheckConstraint(
                condition=~Q(mode="venue") | Q(venue__isnull=False), name="cohorts_day_venue_needs_venue"
            ),
        ]
        indexes = [
            # A cohort's first and last session, and its sessions in a window, without reading the others.
            models.Index(fields=["cohort", "date"], name="cohorts_day_cohort_date"),
            # Sessions on a given day across the nation: the reminder sweep and "today's registers".
            models.Index(fields=["date"], name="cohorts_day_date"),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.cohort}"

    @property
    def label(self) -> str:
        return "Orientation" if self.number == 0 else f"Day {self.number}"


class Attendance(models.Model):
    """One participant's attendance at one teaching day: their own cohort's, or another's as catch-up."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Present, arrived late"
        LEFT_EARLY = "left_early", "Present, left early"
        ABSENT = "absent", "Absent"
        AUTHORISED = "authorised", "Authorised absence"

    # What counts as attending the day, towards the programme's minimum.
    ATTENDED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY)

    day = models.ForeignKey(
        TeachingDay, on_delete=models.CASCADE, related_name="attendance", db_index=False
    )  # (day, participant)
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status)
    note = models.CharField(max_length=200, blank=True, help_text="e.g. arrived at 10:40 after a safeguarding call.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "participant"], name="cohorts_attendance_once_per_day")]

    def __str__(self) -> str:
        return f"{self.participant} — {self.day}: {self.get_status_display()}"


class CatchUp(models.Model):
    """A participant who missed Day k of their cohort booked onto Day k of another cohort of the programme."""

    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    home_cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="catch_ups_out")
    day = models.ForeignKey(TeachingDay, on_delete=models.CASCADE, related_name="catch_ups")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day__date"]
        constraints = [models.UniqueConstraint(fields=["participant", "day"], name="cohorts_catchup_once_per_day")]

    def __str__(self) -> str:
        return f"{self.participant} catching up {self.day}"


class TimetableChange(models.Model):
    """A published change to a cohort's timetable: what changed, who changed it, who was told."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="timetable_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    summary = models.TextField(help_text="One line per change, as sent to participants.")
    notified = models.PositiveIntegerField(default=0, help_text="How many participants were emailed.")
    announced_at = models.DateTimeField(null=True, blank=True, help_text="When the emails were queued.")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.created:%d/%m/%Y}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Making a new one revokes the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class ActivityEntry(models.Model):
    """One thing somebody did at a provider: appended by a service, read by the provider's admins, never edited.

    ``about`` is the participant the entry concerns, so subject access can include it and erasure can
    anonymise it (privacy/services.py); ``changes`` holds {field: [old, new]}.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200, help_text="Who, as named when they did it; kept if the account goes.")
    action = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    object_type = models.CharField(max_length=60, help_text="app_label.model of what was acted on.")
    object_id = models.PositiveBigIntegerField(null=True)
    object_label = models.CharField(max_length=200)
    about = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "activity entries"
        indexes = [
            models.Index(fields=["provider", "-at"], name="cohorts_activity_provider_at"),
            models.Index(fields=["provider", "by", "-at"], name="cohorts_activity_by_at"),
            models.Index(fields=["object_type", "object_id"], name="cohorts_activity_object"),
            models.Index(fields=["about"], name="cohorts_activity_about"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.by_name}: {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The activity log is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The activity log is append-only: entries are never deleted one by one.")
