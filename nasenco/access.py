"""The one way to answer "may this user see or change this object".

Each app writes a lookup helper per object kind on top of these, e.g.
``get_cohort_for(user, pk, write=False)``: it starts from the app's ``*_visible_to(user)`` selector, so
anything outside the user's provider or cohort is simply not found (404, never 403 that would confirm it
exists), and then asks a named rule from the app's ``rules.py`` for the write permission (403).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def object_or_404(queryset, **lookup):
    """``queryset.get(**lookup)``, or 404 when it is not there (including a malformed key)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from None


def require_perm(user, perm: str, obj=None) -> None:
    """403 unless ``user`` holds the named rule ``perm`` (for ``obj`` when given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
