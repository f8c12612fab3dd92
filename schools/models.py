"""The school's part in a participant's programme: a school-based mentor, the performance booklet the
mentor confirms and the headteacher signs off, and the headteacher's own link to see their staff.

The booklet is data per programme (sections and items, each saying what the participant records and who
confirms it). A participant's booklet is their entries, one per item, and one sign-off.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from nasenco.files.storage import private_path


class Mentorship(models.Model):
    """A participant's school-based mentor, invited by a signed, expiring link (as staff are) that gives a
    light account: the mentor sees only the people they mentor. One current mentor per place."""

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="mentorships")
    email = models.EmailField()
    name = models.CharField(max_length=150)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="mentoring"
    )
    nonce = models.UUIDField(default=uuid.uuid4, help_text="Changes on resend: only the newest link works.")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, help_text="Withdrawn, or the mentoring ended.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(cancelled_at__isnull=True), name="schools_one_current_mentor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} mentoring {self.enrolment}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None


class MentorNote(models.Model):
    """A dated comment, observation or meeting the mentor records about the participant's school-based work.
    The participant and the provider's staff read them; the headteacher does not."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        OBSERVATION = "observation", "Observation"
        MEETING = "meeting", "Meeting"

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="mentor_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.COMMENT)
    happened_on = models.DateField("date")
    text = models.TextField(max_length=5000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


class BookletSection(models.Model):
    programme = models.ForeignKey("cohorts.Programme", on_delete=models.CASCADE, related_name="booklet_sections")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class BookletItem(models.Model):
    """A school-based task or standard: what the participant records, and who confirms it."""

    class Confirmer(models.TextChoices):
        MENTOR = "mentor", "School-based mentor"
        TUTOR = "tutor", "Tutor"

    section = models.ForeignKey(BookletSection, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    record = models.TextField("what the participant records", max_length=2000)
    confirmer = models.CharField("confirmed by", max_length=10, choices=Confirmer, default=Confirmer.MENTOR)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section__order", "section", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class BookletEntry(models.Model):
    """What a participant recorded against one booklet item, and whether it is confirmed."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for confirmation"
        MORE = "more", "More asked for"
        CONFIRMED = "confirmed", "Confirmed"

    enrolment = models.ForeignKey("enrolment.Enrolment", on_delete=models.CASCADE, related_name="booklet_entries")
    item = models.ForeignKey(BookletItem, on_delete=models.CASCADE, related_name="entries")
    text = models.TextField(max_length=5000, blank=True)
    evidence = models.ManyToManyField("portfolio.Evidence", blank=True, related_name="booklet_entries")
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    recorded_at = models.DateTimeField(help_text="When the participant last recorded it (reminders count from here).")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by_name = models.CharField(max_length=150, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("what more is needed", max_length=2000, blank=True)

    class Meta:
        ordering = ["item__section__order", "item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "item"], name="schools_one_entry_per_item")]
        indexes = [models.Index(fields=["status", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"


def _ink_path(instance, filename):
    return private_path(f"booklets/{instance.enrolment_id}", filename)


class BookletSignoff(models.Model):
    """The headteacher's sign-off of a complete booklet: typed (name, role, date, an explicit confirmation,
    the IP and time), or a wet-signed PDF of the pre-filled booklet. It passes the booklet component."""

    class Method(models.TextChoices):
        TYPED = "typed", "Signed online"
        INK = "ink", "Signed in ink (uploaded)"

    enrolment = models.OneToOneField("enrolment.Enrolment", on_delete=models.CASCADE, related_name="booklet_signoff")
    method = models.CharField(max_length=6, choices=Method)
    signed_name = models.CharField(max_length=150)
    signed_role = models.CharField(max_length=100)
    signed_on = models.DateField()
    signed_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    head_email = models.EmailField(help_text="The headteacher's address the signing link was sent to.")
    ink_file = models.FileField(upload_to=_ink_path, blank=True, max_length=300)
    ink_file_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Booklet signed by {self.signed_name} on {self.signed_on}"


class HeadAccess(models.Model):
    """A headteacher's signed link to their school's view. Renewed by email: the old link works until it
    expires or the new one is opened."""

    school = models.ForeignKey("enrolment.School", on_delete=models.CASCADE, related_name="head_links")
    email = models.EmailField()
    nonce = models.UUIDField(default=uuid.uuid4)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_opened = models.DateTimeField(null=True, blank=True)
    # The link before the newest keeps working until it expires or the newest is opened: anyone may ask for a
    # new link to be sent to the head, and that must not break the one the head is using.
    previous_nonce = models.UUIDField(null=True, blank=True)
    previous_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "email"], name="schools_one_head_link")]

    def __str__(self) -> str:
        return f"{self.email} at {self.school}"
