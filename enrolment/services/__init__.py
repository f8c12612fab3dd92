"""Writes for the enrolment app. Views, commands and tasks call these; nothing else changes an enrolment."""

from .applications import NotOpen, application_save, application_submit, profile_save
from .declarations import (
    LinkExpired,
    LinkInvalid,
    declaration_clauses_save,
    declaration_from_token,
    declaration_issue,
    declaration_reject,
    declaration_upload,
    declaration_verify,
)
from .imports import import_commit, import_confirm, import_preview, imported_before
from .placing import enrolment_place
from .transitions import CohortFull, CourseClosed, TransitionRefused, enrolment_transfer, enrolment_transition

__all__ = [
    "CohortFull",
    "CourseClosed",
    "LinkExpired",
    "LinkInvalid",
    "NotOpen",
    "TransitionRefused",
    "application_save",
    "application_submit",
    "declaration_clauses_save",
    "declaration_from_token",
    "declaration_issue",
    "declaration_reject",
    "declaration_upload",
    "declaration_verify",
    "enrolment_place",
    "enrolment_transfer",
    "enrolment_transition",
    "import_commit",
    "import_confirm",
    "import_preview",
    "imported_before",
    "profile_save",
]
