"""What personal data the portal holds about a participant, where, why, and what happens to it.

One row per model that holds anything about a person. ``path`` leads from the model to the participant
(the account), so the export and erasure find that person's rows; ``export`` names the fields that go into
the subject-access export; ``on_erase`` says what erasure does with the rows: ``delete`` them, ``blank``
the listed fields, or ``keep`` (with the reason). Every other field of every model is listed in
``NOT_PERSONAL`` with why, and a test fails when a field is in neither: a new field must be placed here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Holding:
    model: str  # "app_label.Model"
    path: str  # lookup from the model to the participant; "" for the account itself
    export: tuple[str, ...]
    on_erase: str  # "delete", "blank", "anonymise" (the account) or "keep"
    blank: tuple[str, ...] = ()  # with "blank": the fields emptied
    files: tuple[str, ...] = ()  # file fields: exported as files, deleted from storage on erasure
    why: str = ""
    by_address: bool = False  # found by the person's email address (``path`` names the address field)


HOLDINGS = [
    Holding(
        "accounts.User",
        "",
        ("email", "full_name", "date_joined", "last_login"),
        "anonymise",
        why="Signing in; the name on the certificate.",
    ),
    Holding(
        "enrolment.ParticipantProfile",
        "user",
        (
            "trn",
            "qualified_status",
            "qualified_on",
            "induction",
            "induction_exemption",
            "set_member",
            "role",
            "school_supports",
            "appointed_senco_on",
            "updated",
        ),
        "delete",
        why="Eligibility and the statutory deadline (SEND Regulations 2014, reg. 49).",
    ),
    Holding(
        "enrolment.SencoSpell",
        "profile__user",
        ("started_on", "ended_on", "setting"),
        "delete",
        why="Whether earlier service exempts the person from the deadline (reg. 49(4)).",
    ),
    Holding(
        "enrolment.Enrolment",
        "participant",
        (
            "status",
            "headteacher_name",
            "headteacher_email",
            "eligible",
            "award_scope",
            "reasons",
            "submitted_at",
            "statutory_deadline",
            "completed_on",
            "created",
        ),
        "blank",
        blank=("headteacher_name", "headteacher_email", "reasons", "missing", "deadline_reasons"),
        why="The application and place; kept without personal detail for the provider's statistics.",
    ),
    Holding(
        "enrolment.EnrolmentEvent",
        "enrolment__participant",
        ("from_status", "to_status", "reason", "at"),
        "blank",
        blank=("reason",),
        why="Who changed the application, when and why (audit).",
    ),
    Holding(
        "enrolment.Declaration",
        "enrolment__participant",
        ("status", "sent_at", "uploaded_at", "signed_by", "dbs_confirmed", "decided_at", "rejection_reason"),
        "delete",
        files=("scan",),
        why="The headteacher's signed confirmation of support and DBS check.",
    ),
    Holding(
        "cohorts.Attendance",
        "participant",
        ("status", "recorded_at"),
        "delete",
        why="Attendance counts towards the award.",
    ),
    Holding("cohorts.CatchUp", "participant", ("created",), "delete", why="A missed day caught up elsewhere."),
    Holding("cohorts.CalendarFeed", "user", ("created",), "delete", why="The private calendar address."),
    Holding(
        "cohorts.ActivityEntry",
        "about",
        ("at", "by_name", "action", "summary", "object_label", "changes"),
        "blank",
        blank=("summary", "object_label", "changes"),
        why="Who did what about the person and who opened their files (the provider's activity log); kept "
        "without detail after erasure, so the log still shows that something was done and by whom.",
    ),
    Holding(
        "portfolio.Portfolio",
        "enrolment__participant",
        ("status", "submitted_at"),
        "delete",
        why="The assessed portfolio.",
    ),
    Holding(
        "portfolio.Evidence",
        "portfolio__enrolment__participant",
        ("title", "kind", "activity_date", "reflection", "pupils_not_identifiable", "created", "updated"),
        "delete",
        why="Evidence for the learning outcomes.",
    ),
    Holding(
        "portfolio.EvidenceFile",
        "evidence__portfolio__enrolment__participant",
        ("name", "content_type", "size", "uploaded"),
        "delete",
        files=("file",),
        why="Evidence files.",
    ),
    Holding(
        "portfolio.Mapping",
        "evidence__portfolio__enrolment__participant",
        ("justification", "status", "comment", "reviewed_at"),
        "delete",
        why="Evidence mapped to outcomes.",
    ),
    Holding(
        "portfolio.MappingEvent",
        "mapping__evidence__portfolio__enrolment__participant",
        ("status", "text", "at"),
        "delete",
        why="The review history of a mapping.",
    ),
    Holding(
        "portfolio.JournalEntry",
        "portfolio__enrolment__participant",
        ("written_on", "title", "body", "created"),
        "delete",
        why="The reflective journal.",
    ),
    Holding(
        "portfolio.SelfEvaluation",
        "portfolio__enrolment__participant",
        ("stage", "rating", "updated"),
        "delete",
        why="The self-evaluation.",
    ),
    Holding(
        "assessment.Extension",
        "enrolment__participant",
        ("until", "reason", "status", "decided_at", "decision_note", "created"),
        "delete",
        why="Extra time asked for and decided.",
    ),
    Holding(
        "assessment.Submission",
        "enrolment__participant",
        (
            "attempt",
            "file_name",
            "word_count",
            "submitted_at",
            "late",
            "status",
            "raw_mark",
            "final_mark",
            "passed",
            "mark_notes",
            "feedback",
            "feedback_file_name",
            "released_at",
            "agreed_mark",
        ),
        "delete",
        files=("file", "feedback_file"),
        why="Assessed work, marks and feedback.",
    ),
    Holding(
        "assessment.MarkChange",
        "submission__enrolment__participant",
        ("old_mark", "new_mark", "at", "imported"),
        "delete",
        why="The history of a mark.",
    ),
    Holding(
        "assessment.ModerationMark",
        "submission__enrolment__participant",
        ("role", "mark", "comment", "at"),
        "delete",
        why="Second and third marks.",
    ),
    Holding(
        "assessment.Award",
        "enrolment__participant",
        ("certificate_number", "scope", "completed_on", "in_time"),
        "keep",
        why="Kept so anyone can verify the certificate: name, award, date and number only.",
    ),
    Holding(
        "reminders.Reminder",
        "recipient",
        ("rule", "subject", "body", "created", "read_at"),
        "delete",
        why="Reminders and in-app notifications sent to the person.",
    ),
    Holding("reminders.ReminderOptOut", "user", ("rule",), "delete", why="Reminders the person switched off."),
    Holding(
        "mail.OutboxEmail",
        "to",
        ("subject", "body_text", "status", "created", "sent_at"),
        "delete",
        why="Email sent to the person, kept to show what was sent and retry failures; bodies emptied after "
        "90 days by the retention sweep.",
        by_address=True,
    ),
    Holding(
        "files.StoredFile",
        "created_by",
        ("kind", "name", "created"),
        "delete",
        files=("file",),
        why="Documents prepared for the person (exports); deleted after 7 days anyway.",
    ),
]
HOLDINGS_BY_MODEL = {holding.model: holding for holding in HOLDINGS}

# Every other field, and why it is not personal data of the participant (or is covered another way).
NOT_PERSONAL = {
    "*": {"id": "a row number"},
    "accounts.User": {
        "password": "a one-way hash: never exported; made unusable on erasure",
        "is_superuser": "a platform role",
        "is_active": "switched off on erasure",
        "is_staff": "a platform role",
        "two_factor_enabled": "a security setting",
    },
    "enrolment.ParticipantProfile": {"user": "the link to the person", "school": "the school (an organisation)"},
    "enrolment.SencoSpell": {"profile": "the link to the profile"},
    "enrolment.Enrolment": {
        "cohort": "the course",
        "participant": "the link to the person",
        "missing": "derived from the profile",
        "deadline_required": "derived",
        "deadline_reasons": "derived from the profile",
        "deadline_close_from": "derived",
        "deadline_risk_from": "derived",
        "transferred_to": "a link",
        "updated": "a time stamp",
    },
    "enrolment.EnrolmentEvent": {"enrolment": "a link", "by": "a staff member (their own data)"},
    "enrolment.Declaration": {
        "enrolment": "a link",
        "nonce": "a key, never exported",
        "clauses": "the provider's wording",
        "expires_at": "the link's expiry",
        "scan": "exported as a file",
        "scan_content_type": "the file's type",
        "scan_name": "the file's name as uploaded",
        "decided_by": "a staff member",
    },
    "cohorts.Attendance": {"day": "the session", "participant": "the link", "recorded_by": "a staff member"},
    "cohorts.CatchUp": {
        "participant": "the link",
        "home_cohort": "the course",
        "day": "the session",
        "booked_by": "a staff member",
    },
    "cohorts.CalendarFeed": {"user": "the link", "token": "a key, never exported"},
    "cohorts.ActivityEntry": {
        "provider": "the organisation",
        "by": "who acted: a staff member, or the person themselves (their name is replaced on erasure)",
        "about": "the link",
        "object_type": "a kind of record",
        "object_id": "a record number",
    },
    "portfolio.Portfolio": {"enrolment": "a link", "framework": "the national outcomes"},
    "portfolio.Evidence": {"portfolio": "a link", "version": "an edit counter"},
    "portfolio.EvidenceFile": {"evidence": "a link", "file": "exported as a file"},
    "portfolio.Mapping": {"evidence": "a link", "outcome": "a national outcome", "reviewed_by": "a staff member"},
    "portfolio.MappingEvent": {"mapping": "a link", "by": "the person or a staff member"},
    "portfolio.JournalEntry": {"portfolio": "a link", "teaching_day": "the session"},
    "portfolio.SelfEvaluation": {"portfolio": "a link", "outcome": "a national outcome"},
    "assessment.Extension": {"enrolment": "a link", "component": "the assignment", "decided_by": "a staff member"},
    "assessment.Submission": {
        "enrolment": "a link",
        "component": "the assignment",
        "file": "exported as a file",
        "content_type": "the file's type",
        "own_work_declared": "a required confirmation",
        "marker": "a staff member",
        "allocated_on": "marking workflow",
        "criterion_marks": "the marks, exported as the final mark",
        "feedback_file": "exported as a file",
        "version": "an edit counter",
        "in_sample": "moderation workflow",
    },
    "assessment.MarkChange": {"submission": "a link", "by": "a staff member"},
    "assessment.ModerationMark": {"submission": "a link", "marker": "a staff member"},
    "assessment.Award": {
        "enrolment": "a link",
        "confirmed_by": "a staff member",
        "confirmed_at": "a time stamp",
        "holder_name": "the name on the certificate, kept for verification",
    },
    "reminders.Reminder": {
        "key": "a de-duplication key",
        "milestone": "which reminder",
        "provider": "the provider",
        "recipient": "the link",
        "to": "the address it went to (the person's own)",
        "link": "a page address",
        "email": "the outbox row",
        "run": "which sweep",
        "sweep_date": "which day",
    },
    "reminders.ReminderOptOut": {"user": "the link"},
    "mail.OutboxEmail": {
        "to": "the person's own address",
        "body_html": "the same message as the text",
        "template": "which message",
        "key": "a de-duplication key",
        "reply_to": "the provider's address for replies",
        "attachments": "calendar files of sessions",
        "attempts": "delivery",
        "claimed_at": "delivery",
        "last_error": "delivery",
    },
    "files.StoredFile": {
        "file": "exported as a file",
        "content_type": "the file's type",
        "size": "the file's size",
        "status": "progress",
        "progress": "progress",
        "error": "a failure message",
        "created_by": "the link",
        "updated": "a time stamp",
        "task_name": "which task prepares it",
        "task_kwargs": "record numbers for that task",
    },
}

# Models that hold no participant's personal data at all, and why.
NOT_ABOUT_PARTICIPANTS = {
    "cohorts.Provider": "an organisation",
    "cohorts.Membership": "staff roles (staff manage their own accounts)",
    "cohorts.Invitation": "invitations to join a provider's staff (staff addresses, not participants')",
    "reminders.Message": "what staff wrote to a cohort or group; each person's own copy is their notification "
    "and email (reminders.Reminder, mail.OutboxEmail above), erased with them",
    "assessment.ExaminerReport": "an external examiner's report on a cohort and the provider's answer",
    "assessment.MarkImport": "an uploaded file of marks as checked: each mark applied is held on the work and its "
    "mark history above; the file's lines are deleted by the retention sweep 30 days after upload",
    "enrolment.ImportBatch": "a provider's uploaded participant list, as uploaded: the people it names are held "
    "in their own records above once added; the list itself is deleted by the retention sweep 30 days after upload",
    "cohorts.Venue": "a place",
    "cohorts.Programme": "a course",
    "cohorts.Cohort": "a course run",
    "cohorts.TeachingDay": "a session",
    "cohorts.TimetableChange": "a change to a course's dates",
    "enrolment.School": "an organisation",
    "enrolment.DeclarationClauses": "a provider's wording",
    "portfolio.Framework": "the national outcomes",
    "portfolio.Part": "the national outcomes",
    "portfolio.Outcome": "the national outcomes",
    "assessment.Component": "an assignment's definition",
    "assessment.SubElement": "an assignment's definition",
    "assessment.Criterion": "an assignment's definition",
    "assessment.DueDate": "a course's due dates",
    "reminders.ReminderTemplate": "a provider's wording",
}
