"""Writes for the assessment app: schemes, submissions and extensions, marking and release."""

from .marking import MarkConflict, allocate, allocate_balanced, mark_save, release
from .schemes import component_create, due_date_set
from .submissions import approved_extension, extension_decide, extension_request, submission_create

__all__ = [
    "MarkConflict",
    "allocate",
    "allocate_balanced",
    "approved_extension",
    "component_create",
    "due_date_set",
    "extension_decide",
    "extension_request",
    "mark_save",
    "release",
    "submission_create",
]
