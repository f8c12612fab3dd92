"""Writes for the assessment app: schemes, submissions and extensions, marking and release."""

from .awards import award_confirm, new_certificate_number
from .examiners import examiner_report_answer, examiner_report_file
from .mark_imports import mark_import_apply, mark_import_preview
from .marking import MarkConflict, allocate, allocate_balanced, mark_draft_save, mark_save, release, release_ready
from .moderation import moderation_mark_save, moderation_outstanding, next_role, sample_candidates, sample_draw
from .schemes import NeedsConfirmation, component_create, component_settings_save, due_date_set
from .sittings import adjustment_decide, adjustment_request, appeal_decide, appeal_lodge, sitting_of, window_save
from .submissions import approved_extension, extension_decide, extension_request, submission_create

__all__ = [
    "MarkConflict",
    "NeedsConfirmation",
    "adjustment_decide",
    "adjustment_request",
    "allocate",
    "allocate_balanced",
    "appeal_decide",
    "appeal_lodge",
    "approved_extension",
    "award_confirm",
    "component_create",
    "component_settings_save",
    "due_date_set",
    "examiner_report_answer",
    "examiner_report_file",
    "extension_decide",
    "extension_request",
    "mark_draft_save",
    "mark_import_apply",
    "mark_import_preview",
    "mark_save",
    "moderation_mark_save",
    "moderation_outstanding",
    "new_certificate_number",
    "next_role",
    "release",
    "release_ready",
    "sample_candidates",
    "sample_draw",
    "sitting_of",
    "submission_create",
    "window_save",
]
