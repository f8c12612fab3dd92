"""Reads that decide visibility. Every staff page starts from one of these."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from nasenco.access import object_or_404, require_perm

from .models import Cohort, Membership, TeachingDay


def staff_roles(user) -> dict[int, frozenset[str]]:
    """{provider id: roles} for a signed-in user; one query, remembered on the user for the request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_nasenco_staff_roles", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        for provider_id, role in (
            Membership.objects.filter(user=user).order_by().values_list("provider_id", "role")
        ):
            roles.setdefault(provider_id, set()).add(role)
        cached = {pk: frozenset(r) for pk, r in roles.items()}
        user._nasenco_staff_roles = cached
    return cached


def administered_provider_ids(user) -> set[int]:
    return {pk for pk, roles in staff_roles(user).items() if Membership.Role.ADMIN in roles}


def is_provider_staff(user) -> bool:
    return bool(staff_roles(user))


def is_provider_admin(user) -> bool:
    return bool(administered_provider_ids(user))


def is_tutor(user) -> bool:
    return any(Membership.Role.TUTOR in roles for roles in staff_roles(user).values())


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Cohorts of the providers ``user`` administers, and cohorts ``user`` tutors. Nothing else."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    tutors_it = Cohort.tutors.through.objects.filter(cohort_id=OuterRef("pk"), user_id=user.pk)
    return Cohort.objects.filter(
        Q(provider_id__in=administered_provider_ids(user)) | Q(Exists(tutors_it))
    ).select_related("provider", "programme")


def cohort_list_for(user) -> QuerySet[Cohort]:
    return (
        cohorts_visible_to(user)
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"), day_count=Count("days"))
        .order_by("-academic_year", "name", "pk")
    )


def get_cohort_for(user, pk, *, write: bool = False) -> Cohort:
    """404 to anyone outside the cohort's provider or tutor team; 403 to a tutor asking to change it."""
    cohort = object_or_404(cohorts_visible_to(user), pk=pk)
    require_perm(user, "cohorts.change_cohort" if write else "cohorts.view_cohort", cohort)
    return cohort


def timetable_of(cohort: Cohort) -> QuerySet[TeachingDay]:
    return cohort.days.select_related("venue").order_by("number")
