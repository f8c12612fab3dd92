"""Who is on a cohort, and what must follow when a cohort changes. The enrolment app knows (a place is an
enrolment) and answers through this seam, so cohorts can list registers, notify participants, build
calendars and keep participants' statutory answers current without importing the app above it.

The seam fails loudly: a cohort asked for its roster before the enrolment app has answered is a
configuration error, never an empty register.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_participants: Callable[[Iterable[int]], QuerySet] | None = None
_cohort_ids: Callable[[object], QuerySet] | None = None
_changed: Callable[[Iterable[int]], None] | None = None


def provide(*, participants: Callable, cohort_ids_of: Callable, cohorts_changed: Callable) -> None:
    """Called once by the enrolment app: ``participants(cohort_ids)`` → users holding a place on any of
    them; ``cohort_ids_of(user)`` → ids of the cohorts where the user holds a place;
    ``cohorts_changed(cohort_ids)`` → recompute what depends on those cohorts' dates or programme."""
    global _participants, _cohort_ids, _changed
    _participants, _cohort_ids, _changed = participants, cohort_ids_of, cohorts_changed


def _provided(part):
    if part is None:
        raise ImproperlyConfigured("cohorts.roster has no provider: add the enrolment app to INSTALLED_APPS.")
    return part


def participants_of(*cohort_ids: int) -> QuerySet:
    return _provided(_participants)(cohort_ids)


def cohort_ids_of(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(_provided(_cohort_ids)(user))


def cohorts_changed(*cohort_ids: int) -> None:
    """A cohort's dates or its programme's terms changed: facts that depend on them are recomputed."""
    _provided(_changed)(cohort_ids)
