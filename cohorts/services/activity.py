"""The one activity log: who did what to which object, with old and new values (pretalx's ActivityLog shape).

Every service that changes something on behalf of a person calls ``activity_record`` inside its own
transaction, so the entry exists exactly when the change does. Opening a sensitive file or exporting
personal data is recorded the same way (``download_record``). Nothing in the portal edits or deletes an
entry; only erasure (privacy/services.py) anonymises the entries about an erased person.
"""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ..models import ActivityEntry

# The log's kinds of entry: an action is "<kind>.<what>", and the log page filters by kind.
KINDS = {
    "download": "Files opened and exports",
    "mark": "Marks, moderation and release",
    "work": "Allocation of work",
    "due": "Due dates",
    "extension": "Extensions",
    "award": "Awards",
    "enrolment": "Applications and places",
    "declaration": "Headteacher declarations",
    "register": "Registers",
    "catch-up": "Catch-up sessions",
    "cohort": "Cohorts and timetables",
    "portfolio": "Portfolios",
    "staff": "Staff",
    "settings": "Settings",
    "privacy": "Personal data",
    "message": "Messages to participants",
    "examiner": "External examiners",
    "mentor": "School-based mentors",
    "booklet": "Performance booklets",
    "dfe": "DfE: NPQ applications, declarations and outcomes",
    "curriculum": "Frameworks, self-study and engagement",
    "api": "The records API and webhooks",
}


def activity_record(
    *,
    provider_id: int,
    by,
    action: str,
    summary: str,
    obj: models.Model | None = None,
    label: str = "",
    about=None,
    changes: dict | None = None,
    by_name: str = "",
) -> ActivityEntry:
    """Append one entry. ``by`` may be None for the portal itself (a command or a scheduled task), or for
    another system acting through the API, named by ``by_name`` (its token)."""
    if action.split(".", 1)[0] not in KINDS:
        raise ValueError(f"Unknown kind of activity: {action!r}. Add its kind to KINDS.")
    return ActivityEntry.objects.create(
        provider_id=provider_id,
        at=timezone.now(),
        by=by if by is not None and by.is_authenticated else None,
        by_name=(by_name or _name(by))[:200],
        action=action,
        summary=summary[:300],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        object_label=(label or (str(obj) if obj is not None else ""))[:200],
        about=about,
        changes={key: [_plain(old), _plain(new)] for key, (old, new) in (changes or {}).items() if old != new},
    )


def download_record(*, provider_id: int, by, what: str, obj: models.Model | None = None, about=None, label: str = ""):
    """Someone opened a sensitive file or exported personal data: recorded as "download". A person opening
    what is about them (their own evidence, work or certificate) is not an access, and records nothing."""
    if about is not None and by is not None and about.pk == by.pk:
        return None
    return activity_record(
        provider_id=provider_id,
        by=by,
        action="download.opened",
        summary=f"Opened {what}",
        obj=obj,
        about=about,
        label=label,
    )


def changes_between(before: dict, after: dict) -> dict:
    """{field: (old, new)} for the fields whose value differs."""
    return {name: (before.get(name), value) for name, value in after.items() if before.get(name) != value}


def _name(by) -> str:
    if by is None or not by.is_authenticated:
        return "The portal"
    return (by.get_full_name() or by.email)[:200]


def _plain(value):
    """A JSON-safe copy of a field value: dates as ISO, decimals and other objects as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
