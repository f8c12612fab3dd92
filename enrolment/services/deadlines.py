"""Keeping each enrolment's statutory deadline in step with its participant's profile."""

from ..deadline import statutory_deadline
from ..models import Enrolment, ParticipantProfile


def deadline_for(enrolment: Enrolment, profile: ParticipantProfile | None):
    if profile is None:
        return None
    return statutory_deadline(
        appointed_on=profile.appointed_senco_on,
        months_previously_senco=profile.months_previously_senco,
        qualification=enrolment.cohort.programme.qualification,
    ).date


def deadlines_refresh(*, user) -> None:
    """Recompute the deadline on every place and application of ``user`` (after their profile changed)."""
    profile = ParticipantProfile.objects.filter(user=user).first()
    for enrolment in Enrolment.objects.filter(participant=user).select_related("cohort__programme"):
        deadline = deadline_for(enrolment, profile)
        if enrolment.statutory_deadline != deadline:
            Enrolment.objects.filter(pk=enrolment.pk).update(statutory_deadline=deadline)
