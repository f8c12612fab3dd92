"""Reads: a provider's records as the API gives them (each list in a fixed number of queries, whatever its
length), and the settings page's tokens, endpoints and deliveries. Every read starts from the provider."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from assessment.models import Award, Criterion, Submission
from cohorts.models import ActivityEntry, Attendance, Cohort, Programme, Provider, TeachingDay
from enrolment.models import Enrolment, ParticipantProfile

from .models import Delivery, Endpoint, Token

DELIVERIES_SHOWN = 50


def programmes_of(provider_id: int) -> QuerySet[Programme]:
    return Programme.objects.filter(provider_id=provider_id).order_by("pk")


def cohorts_of(provider_id: int) -> QuerySet[Cohort]:
    days = TeachingDay.objects.select_related("venue").order_by("number", "date")
    return Cohort.objects.filter(provider_id=provider_id).prefetch_related(Prefetch("days", queryset=days))


def places_of(provider_id: int) -> QuerySet[Enrolment]:
    trn = ParticipantProfile.objects.filter(user_id=OuterRef("participant_id")).values("trn")[:1]
    return Enrolment.objects.filter(provider_id=provider_id).select_related("participant").annotate(trn=Subquery(trn))


def attendance_of(provider_id: int) -> QuerySet[Attendance]:
    place = Enrolment.objects.filter(
        cohort_id=OuterRef("day__cohort_id"), participant_id=OuterRef("participant_id")
    ).values("pk")[:1]
    return (
        Attendance.objects.filter(day__cohort__provider_id=provider_id)
        .select_related("day")
        .annotate(place_id=Subquery(place))
    )


def marks_of(provider_id: int) -> QuerySet[Submission]:
    criteria = Criterion.objects.order_by("order", "pk")
    return (
        Submission.objects.filter(
            enrolment__provider_id=provider_id, status=Submission.Status.RELEASED, released_at__isnull=False
        )
        .select_related("component")
        .prefetch_related(Prefetch("component__criteria", queryset=criteria))
    )


def awards_of(provider_id: int) -> QuerySet[Award]:
    return Award.objects.filter(enrolment__provider_id=provider_id)


def activity_of(provider_id: int) -> QuerySet[ActivityEntry]:
    return ActivityEntry.objects.filter(provider_id=provider_id)


def days_of(provider_id: int) -> QuerySet[TeachingDay]:
    return TeachingDay.objects.filter(cohort__provider_id=provider_id).select_related("cohort")


def tokens_of(provider: Provider) -> QuerySet[Token]:
    return Token.objects.filter(provider=provider).select_related("created_by", "revoked_by")


def endpoints_of(provider: Provider) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(provider=provider, removed_at__isnull=True)


def deliveries_of(provider: Provider) -> QuerySet[Delivery]:
    """The newest deliveries to the provider's endpoints, for the delivery log."""
    return Delivery.objects.filter(endpoint__provider=provider).select_related("endpoint")[:DELIVERIES_SHOWN]
