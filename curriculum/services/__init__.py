"""Writes for the curriculum: frameworks and their versions, a programme's plan, self-study completion."""

from .completions import completion_import_apply, completion_import_preview, completion_mark
from .frameworks import area_add, framework_load, framework_new_version, statement_save
from .plans import plan_save, session_save, unit_save

__all__ = [
    "area_add",
    "completion_import_apply",
    "completion_import_preview",
    "completion_mark",
    "framework_load",
    "framework_new_version",
    "plan_save",
    "session_save",
    "statement_save",
    "unit_save",
]
