"""Who is on a cohort. The enrolment app knows (a place is an enrolment) and answers through this seam,
so cohorts can list registers, notify participants and build calendars without importing the app above it.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

_participants: Callable[[Iterable[int]], QuerySet] | None = None
_cohort_ids: Callable[[object], QuerySet] | None = None


def provide(*, participants: Callable, cohort_ids_of: Callable) -> None:
    """Called once by the enrolment app: ``participants(cohort_ids)`` → users holding a place on any of
    them; ``cohort_ids_of(user)`` → ids of the cohorts where the user holds a place."""
    global _participants, _cohort_ids
    _participants, _cohort_ids = participants, cohort_ids_of


def participants_of(*cohort_ids: int) -> QuerySet:
    if _participants is None:
        return get_user_model().objects.none()
    return _participants(cohort_ids)


def cohort_ids_of(user) -> list[int]:
    if _cohort_ids is None or not user.is_authenticated:
        return []
    return list(_cohort_ids(user))
