"""Writes for enrolments. The enrolment issue adds the full state machine; this is the place it goes."""

from django.db import transaction

from cohorts.models import Cohort

from .models import Enrolment


@transaction.atomic
def enrolment_place(*, cohort: Cohort, participant, status: str = Enrolment.Status.ACTIVE) -> Enrolment:
    """Put ``participant`` on ``cohort`` (used by demo data and imports), refusing to overbook it."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrolment = Enrolment.objects.filter(cohort=locked, participant=participant).first()
    if enrolment is not None:
        return enrolment
    taken = locked.enrolments.filter(status__in=Enrolment.ON_PROGRAMME).count()
    if status in Enrolment.ON_PROGRAMME and taken >= locked.capacity:
        raise ValueError(f"{locked} is full ({locked.capacity} places).")
    return Enrolment.objects.create(cohort=locked, participant=participant, status=status)
