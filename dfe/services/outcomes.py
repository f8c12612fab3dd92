"""DfE's outcome decides when the NPQ for SENCOs was held: a passed outcome's completion date is the day the
qualification was held for the statutory answer (SEND Regulations 2014, reg. 49(7)); a voided one takes it
back."""

from enrolment import services as enrolment_services
from enrolment.models import Enrolment
from enrolment.services.statutory import statutory_refresh

from ..models import Application, Change, Outcome


def outcomes_apply(application_ids) -> None:
    """Bring each place in line with its application's latest outcome."""
    latest = {}
    for outcome in Outcome.objects.filter(application_id__in=list(application_ids)).order_by("dfe_created_at", "pk"):
        latest[outcome.application_id] = outcome
    applications = Application.objects.filter(pk__in=list(latest)).select_related("enrolment")
    for application in applications:
        place, outcome = application.enrolment, latest[application.pk]
        if place is None:
            continue
        if outcome.state == "passed":
            _held(application, place, outcome)
        elif place.completed_on is not None:  # failed or voided after a pass: no longer held
            Enrolment.objects.filter(pk=place.pk).update(completed_on=None)
            statutory_refresh(Enrolment.objects.filter(pk=place.pk))
            Change.objects.create(
                application=application, summary=f"DfE's outcome is now {outcome.state}: the NPQ is not held."
            )


def _held(application: Application, place: Enrolment, outcome: Outcome) -> None:
    if place.status == Enrolment.Status.COMPLETED:
        if place.completed_on != outcome.completion_date:
            Enrolment.objects.filter(pk=place.pk).update(completed_on=outcome.completion_date)
            statutory_refresh(Enrolment.objects.filter(pk=place.pk))
        return
    reason = f"DfE recorded the NPQ for SENCOs as passed on {outcome.completion_date:%-d %B %Y}."
    try:
        if place.status == Enrolment.Status.ACCEPTED:
            place = enrolment_services.enrolment_transition(enrolment=place, to=Enrolment.Status.ACTIVE, reason=reason)
        enrolment_services.enrolment_transition(
            enrolment=place, to=Enrolment.Status.COMPLETED, reason=reason, completed_on=outcome.completion_date
        )
    except enrolment_services.TransitionRefused as refusal:
        Change.objects.create(application=application, summary=f"{reason} The place could not follow: {refusal}"[:400])
