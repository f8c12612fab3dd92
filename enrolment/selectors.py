from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Enrolment


def enrolments_of(user) -> QuerySet[Enrolment]:
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(participant=user).select_related("cohort__provider", "cohort__programme")


def is_participant(user) -> bool:
    """Anyone with an application or a place; remembered on the user for the request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_nasenco_is_participant", None)
    if cached is None:
        cached = user._nasenco_is_participant = Enrolment.objects.filter(participant=user).exists()
    return cached


def current_enrolment(user) -> Enrolment | None:
    """The place the participant is studying on now (the newest, if more than one)."""
    return enrolments_of(user).filter(status__in=Enrolment.ON_PROGRAMME).order_by("-created").first()


def participants_of(cohort_ids) -> QuerySet:
    """People holding a place (accepted, active or completed) on any of ``cohort_ids``."""
    return (
        get_user_model()
        .objects.filter(
            enrolments__cohort_id__in=list(cohort_ids), enrolments__status__in=Enrolment.ON_PROGRAMME
        )
        .distinct()
    )


def cohort_ids_of(user) -> QuerySet:
    return (
        Enrolment.objects.filter(participant=user, status__in=Enrolment.ON_PROGRAMME)
        .order_by()
        .values_list("cohort_id", flat=True)
    )
