from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from cohorts.selectors import administered_provider_ids
from nasenco.access import object_or_404

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
    """The place the participant is studying on now (the newest, if more than one); one query a request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_nasenco_current_enrolment"):
        user._nasenco_current_enrolment = (
            enrolments_of(user).filter(status__in=Enrolment.ON_PROGRAMME).order_by("-created").first()
        )
    return user._nasenco_current_enrolment


def participants_of(cohort_ids) -> QuerySet:
    """People holding a place (accepted, active or completed) on any of ``cohort_ids``."""
    return (
        get_user_model()
        .objects.filter(enrolments__cohort_id__in=list(cohort_ids), enrolments__status__in=Enrolment.ON_PROGRAMME)
        .distinct()
    )


def cohort_ids_of(user) -> QuerySet:
    return (
        Enrolment.objects.filter(participant=user, status__in=Enrolment.ON_PROGRAMME)
        .order_by()
        .values_list("cohort_id", flat=True)
    )


def enrolments_administered_by(user) -> QuerySet[Enrolment]:
    """Applications and places in the cohorts of the providers ``user`` administers; nothing else."""
    return (
        Enrolment.objects.filter(provider_id__in=administered_provider_ids(user))
        .exclude(status=Enrolment.Status.DRAFT)  # a draft is the teacher's own until they submit it
        .select_related("participant__profile__school", "cohort__provider", "cohort__programme", "declaration")
    )


def get_enrolment_for(user, pk) -> Enrolment:
    return object_or_404(enrolments_administered_by(user), pk=pk)


def with_deadlines(enrolments, *, today) -> list[dict]:
    """Each enrolment with its stored statutory answer and that answer's status on ``today``."""
    rows = []
    for enrolment in enrolments:
        answer = enrolment.statutory
        rows.append(
            {
                "enrolment": enrolment,
                "profile": getattr(enrolment.participant, "profile", None),
                "answer": answer,
                "status": answer.status_on(today),
            }
        )
    return rows


def live_places(enrolments):
    """Applications and places still in play (not withdrawn, completed, ineligible or moved on)."""
    return enrolments.exclude(
        status__in=[
            Enrolment.Status.WITHDRAWN,
            Enrolment.Status.COMPLETED,
            Enrolment.Status.INELIGIBLE,
            Enrolment.Status.TRANSFERRED,
        ]
    )


def at_risk(enrolments, *, today, red_only: bool = False):
    """Live places whose deadline is at risk or passed (or, unless ``red_only``, also due within a year):
    one indexed query on the boundaries the statutory rules stored."""
    places = live_places(enrolments).filter(deadline_required=True)
    if red_only:
        return places.filter(deadline_risk_from__lte=today).order_by("statutory_deadline", "pk")
    return places.filter(deadline_close_from__lte=today).order_by("statutory_deadline", "pk")
