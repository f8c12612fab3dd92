"""Placing someone directly on a cohort (demo data, imports, DfE), with the same rules as accepting."""

from django.db import transaction

from cohorts.models import Cohort

from ..models import Enrolment
from ..places import place_given
from .events import event_record
from .statutory import statutory_refresh_for
from .transitions import refuse_if_closed, refuse_place


@transaction.atomic
def enrolment_place(
    *,
    cohort: Cohort,
    participant,
    status: str = Enrolment.Status.ACTIVE,
    by=None,
    reason: str = "Placed directly.",
    source: str = Enrolment.Source.PORTAL,
) -> Enrolment:
    """Put ``participant`` on ``cohort`` through the rules every place passes (``refuse_place``: a course
    that counts, a place left). Placing them again changes nothing."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrolment = Enrolment.objects.filter(cohort=locked, participant=participant).first()
    if enrolment is not None:
        return enrolment
    if status in Enrolment.ON_PROGRAMME:
        refuse_place(locked)
    else:
        refuse_if_closed(locked)
    enrolment = Enrolment.objects.create(cohort=locked, participant=participant, status=status, source=source)
    event_record(enrolment, by=by, reason=reason, from_status="", to_status=status, action="enrolment.placed")
    statutory_refresh_for(user=participant)
    if status in Enrolment.ON_PROGRAMME:
        place_given(enrolment)
    return enrolment
