"""Confirming an award once everything is met, and its certificate number."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.services import activity_record
from enrolment.choices import DeadlineStatus
from enrolment.models import Enrolment
from enrolment.services import enrolment_transition

from ..award import decide_award
from ..models import Award
from ..selectors import achievements_of


def new_certificate_number(qualification: str, year: int) -> str:
    return f"{qualification}-{year}-{secrets.token_hex(4).upper()}"


def _in_time(enrolment: Enrolment, completed_on) -> bool | None:
    """Held by the statutory deadline? None where there is none. The statutory rules decide."""
    answer = enrolment.statutory
    if not answer.required:
        return None
    answer.completed_on = completed_on
    return answer.status_on(completed_on) == DeadlineStatus.MET


@transaction.atomic
def award_confirm(*, enrolment: Enrolment, by) -> Award:
    """Record the award (a person confirms it) when the decision says every requirement is met."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("cohort", "participant").get(pk=enrolment.pk)
    )
    if Award.objects.filter(enrolment=locked).exists():
        return locked.award
    decision = decide_award(achievements_of(locked))
    if not decision.awarded:
        raise ValidationError("Not yet: " + " ".join(decision.missing))
    today = timezone.localdate()
    for _ in range(5):
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    enrolment=locked,
                    scope=decision.scope,
                    certificate_number=new_certificate_number(locked.cohort.programme.qualification, today.year),
                    holder_name=locked.participant.full_name,
                    completed_on=today,
                    confirmed_by=by,
                    in_time=_in_time(locked, today),
                )
            break
        except IntegrityError:  # a certificate number already taken: draw again
            continue
    else:
        raise RuntimeError("Could not draw a unique certificate number.")
    if locked.status != Enrolment.Status.COMPLETED:
        enrolment_transition(
            enrolment=locked,
            to=Enrolment.Status.COMPLETED,
            by=by,
            reason=f"Award confirmed: certificate {award.certificate_number}.",
        )
    activity_record(
        provider_id=locked.cohort.provider_id,
        by=by,
        action="award.confirmed",
        summary=f"Award confirmed: certificate {award.certificate_number}",
        obj=award,
        label=f"{award.get_scope_display()} — {award.holder_name}",
        about=locked.participant,
    )
    return award
