"""What the portal keeps of a lead provider's link to DfE: the connection, DfE's applications as last read,
what changed in them, every write waiting for or sent to DfE, the declarations ledger with its evidence,
outcomes and DfE's financial statements.

DfE is the authority for applications, training status, declarations' states and statements: the portal
stores what it last read (``attributes`` keeps DfE's own answer whole) and writes only through ``Write``.
"""

from django.conf import settings
from django.db import models

from cohorts.models import Provider
from enrolment.models import Enrolment

COURSE = "npq-senco"  # DfE's course identifier for the NPQ for SENCOs (courses.rb)


class Connection(models.Model):
    """A lead provider's bearer token for DfE and where DfE is (sandbox or production). The token is stored
    encrypted (``dfe.secrets``) and never shown again or logged: only its last four characters."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="dfe_connection")
    base_url = models.URLField(
        "DfE's address",
        default="https://sandbox.register-npq.education.gov.uk",
        help_text="The sandbox while you test; https://register-national-professional-qualifications.education."
        "gov.uk when DfE gives you a production token.",
    )
    token_encrypted = models.TextField(blank=True)
    token_hint = models.CharField(max_length=8, blank=True, help_text="The token's last four characters.")
    delivery_partner_id = models.UUIDField(
        "DfE delivery-partner id", null=True, blank=True, help_text="Sent with each declaration (from DfE's list)."
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_ok = models.BooleanField(null=True, blank=True)
    check_message = models.CharField(max_length=300, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True, help_text="The start of the last sync that finished.")
    full_synced_at = models.DateTimeField(null=True, blank=True)
    sync_message = models.CharField(max_length=300, blank=True, help_text="Why the last sync stopped, if it did.")
    paused_until = models.DateTimeField(null=True, blank=True, help_text="DfE asked us to wait (429) until then.")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"DfE connection of {self.provider}"


class Application(models.Model):
    """An NPQSENCO application as DfE last sent it, with the place made from it once accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for your decision"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    class Training(models.TextChoices):
        ACTIVE = "active", "Training"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    dfe_id = models.UUIDField("DfE application id")
    participant_id = models.UUIDField("DfE participant id", db_index=True)
    course_identifier = models.CharField(max_length=40, default=COURSE)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    trn = models.CharField("teacher reference number", max_length=7, blank=True, db_index=True)
    school_urn = models.CharField(max_length=8, blank=True)
    school_name = models.CharField(max_length=200, blank=True)
    works_as_senco = models.BooleanField(null=True, blank=True)
    senco_start_date = models.DateField(null=True, blank=True)
    headteacher_status = models.CharField(max_length=30, blank=True)
    eligible_for_funding = models.BooleanField(default=False)
    funding_choice = models.CharField(max_length=10, blank=True)
    targeted_delivery_funding = models.BooleanField(default=False)
    funded_place = models.BooleanField(null=True, blank=True)
    cohort = models.CharField("DfE cohort", max_length=4, blank=True)
    schedule = models.CharField(max_length=40, blank=True)
    training_status = models.CharField(max_length=10, choices=Training, blank=True)
    reason_for_rejection = models.CharField(max_length=300, blank=True)
    attributes = models.JSONField(default=dict, help_text="DfE's last answer, whole.")
    dfe_updated_at = models.DateTimeField(help_text="DfE's updated_at.")
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="dfe_application"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-dfe_updated_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "dfe_id"], name="dfe_application_unique")]
        indexes = [models.Index(fields=["provider", "status", "-dfe_updated_at"], name="dfe_application_list")]

    def __str__(self) -> str:
        return f"{self.full_name} (DfE application {self.dfe_id})"


class Change(models.Model):
    """What DfE changed in an application, and when we saw it: shown in the pipeline."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    seen_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=400)

    class Meta:
        ordering = ["-seen_at", "-pk"]

    def __str__(self) -> str:
        return self.summary


class Write(models.Model):
    """One change the portal asks DfE to make, kept until DfE has it: made in the same transaction as the
    decision, sent by a task, retried after faults, and never sent twice (``attempts`` > 0 means an earlier
    try may have reached DfE, so ``dfe.services.writes`` reads back before sending again)."""

    class Kind(models.TextChoices):
        ACCEPT = "accept", "Accept the application"
        REJECT = "reject", "Reject the application"
        DEFER = "defer", "Defer"
        RESUME = "resume", "Resume"
        WITHDRAW = "withdraw", "Withdraw"
        SCHEDULE = "schedule", "Change schedule"
        DECLARE = "declare", "Declare"
        VOID = "void", "Void the declaration"

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting to send"
        DONE = "done", "DfE has it"
        REFUSED = "refused", "DfE refused it"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="writes")
    declaration = models.ForeignKey(
        "Declaration", on_delete=models.CASCADE, null=True, blank=True, related_name="writes"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    payload = models.JSONField(default=dict, help_text="The attributes sent to DfE.")
    state = models.CharField(max_length=10, choices=State, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    refusal = models.TextField(blank=True, help_text="DfE's own words.")
    last_error = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="dfe_write_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class Declaration(models.Model):
    """A milestone declared (or to be declared) to DfE for one place, with the evidence the provider holds."""

    class Type(models.TextChoices):
        STARTED = "started", "Started"
        RETAINED_1 = "retained-1", "Retained 1"
        RETAINED_2 = "retained-2", "Retained 2"
        COMPLETED = "completed", "Completed"

    class State(models.TextChoices):
        SENDING = "sending", "Sending to DfE"
        REFUSED = "refused", "Refused by DfE"
        SUBMITTED = "submitted", "Submitted"
        ELIGIBLE = "eligible", "Eligible"
        PAYABLE = "payable", "Payable"
        PAID = "paid", "Paid"
        VOIDED = "voided", "Voided"
        INELIGIBLE = "ineligible", "Ineligible"
        AWAITING_CLAWBACK = "awaiting-clawback", "Awaiting clawback"
        CLAWED_BACK = "clawed-back", "Clawed back"

    # Declarations that count: a second of the same type is refused while one of these stands.
    STANDING = (State.SENDING, State.SUBMITTED, State.ELIGIBLE, State.PAYABLE, State.PAID)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="declarations")
    declaration_type = models.CharField(max_length=12, choices=Type)
    declaration_date = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State, default=State.SENDING)
    dfe_id = models.UUIDField("DfE declaration id", null=True, blank=True, unique=True)
    has_passed = models.BooleanField(null=True, blank=True)
    statement_dfe_id = models.UUIDField(null=True, blank=True, db_index=True)
    clawback_statement_dfe_id = models.UUIDField(null=True, blank=True)
    evidence = models.JSONField(default=dict, help_text="What the portal held when this was declared.")
    refusal = models.TextField(blank=True, help_text="DfE's own words.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["declaration_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "declaration_type"],
                condition=models.Q(state__in=["sending", "submitted", "eligible", "payable", "paid"]),
                name="dfe_declaration_one_standing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_declaration_type_display()} for {self.application.full_name}"


class Outcome(models.Model):
    """An NPQ outcome as DfE holds it: passed or failed on ``completion_date`` (or voided)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="outcomes")
    dfe_id = models.UUIDField(unique=True)
    state = models.CharField(max_length=8)
    completion_date = models.DateField()
    dfe_created_at = models.DateTimeField()

    class Meta:
        ordering = ["dfe_created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.state} on {self.completion_date}"


class Statement(models.Model):
    """One of DfE's financial statements for the lead provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    dfe_id = models.UUIDField()
    month = models.CharField(max_length=10)
    year = models.CharField(max_length=4)
    cohort = models.CharField(max_length=4)
    cut_off_date = models.DateField()
    payment_date = models.DateField()
    paid = models.BooleanField(default=False)
    dfe_updated_at = models.DateTimeField()

    class Meta:
        ordering = ["payment_date"]
        constraints = [models.UniqueConstraint(fields=["provider", "dfe_id"], name="dfe_statement_unique")]

    def __str__(self) -> str:
        return f"{self.month} {self.year} (cohort {self.cohort})"
