"""Writes for the cohorts app. Views, commands and tasks call these; nothing else changes cohort data."""

from .activity import activity_record, changes_between, download_record
from .attendance import attendance_record, catch_up_book, catch_up_cancel
from .calendar import calendar_feed_for, calendar_feed_renew
from .setup import (
    academic_year_of,
    cohort_create,
    membership_grant,
    programme_create,
    programme_update,
    provider_create,
    provider_update,
    venue_create,
    venue_update,
)
from .staff import (
    InvitationInvalid,
    invitation_accept,
    invitation_cancel,
    invitation_from_token,
    invitation_link,
    invitation_resend,
    invitation_send,
    membership_change,
    membership_revoke,
)
from .timetable import (
    DayInput,
    DuplicateExists,
    TimetableConflict,
    TimetableInvalid,
    cohort_duplicate,
    cohort_save,
    timetable_change_announce,
    timetable_check,
)

__all__ = [
    "DayInput",
    "DuplicateExists",
    "InvitationInvalid",
    "TimetableConflict",
    "TimetableInvalid",
    "academic_year_of",
    "activity_record",
    "attendance_record",
    "calendar_feed_for",
    "calendar_feed_renew",
    "catch_up_book",
    "catch_up_cancel",
    "changes_between",
    "cohort_create",
    "cohort_duplicate",
    "cohort_save",
    "download_record",
    "invitation_accept",
    "invitation_cancel",
    "invitation_from_token",
    "invitation_link",
    "invitation_resend",
    "invitation_send",
    "membership_change",
    "membership_grant",
    "membership_revoke",
    "programme_create",
    "programme_update",
    "provider_create",
    "provider_update",
    "timetable_change_announce",
    "timetable_check",
    "venue_create",
    "venue_update",
]
