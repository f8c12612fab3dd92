"""The events a university's registry acts on, turned into webhook deliveries in the transaction that made them.
Only record numbers travel: the registry reads names and marks through the API, with a token's scopes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessment.models import Award
from cohorts.models import ActivityEntry
from enrolment.models import Enrolment, EnrolmentEvent

from .models import Endpoint
from .services import deliveries_queue


@receiver(post_save, sender=ActivityEntry, dispatch_uid="api.marks_released")
def marks_released(sender, instance: ActivityEntry, created: bool, **kwargs):
    if created and instance.action == "mark.released":
        data = {"component": instance.object_id, "what": instance.object_label, "summary": instance.summary}
        deliveries_queue(provider_id=instance.provider_id, event=Endpoint.Event.MARKS_RELEASED, data=data)


@receiver(post_save, sender=Award, dispatch_uid="api.award_confirmed")
def award_confirmed(sender, instance: Award, created: bool, **kwargs):
    if created:
        place = Enrolment.objects.values("provider_id", "cohort_id").get(pk=instance.enrolment_id)
        data = {
            "place": instance.enrolment_id,
            "cohort": place["cohort_id"],
            "certificate_number": instance.certificate_number,
            "scope": instance.scope,
            "completed_on": str(instance.completed_on),  # a date: ISO 8601
        }
        deliveries_queue(provider_id=place["provider_id"], event=Endpoint.Event.AWARD_CONFIRMED, data=data)


@receiver(post_save, sender=EnrolmentEvent, dispatch_uid="api.place_withdrawn")
def place_withdrawn(sender, instance: EnrolmentEvent, created: bool, **kwargs):
    if created and instance.to_status == Enrolment.Status.WITHDRAWN:
        place = Enrolment.objects.values("provider_id", "cohort_id").get(pk=instance.enrolment_id)
        data = {"place": instance.enrolment_id, "cohort": place["cohort_id"], "at": instance.at.isoformat()}
        deliveries_queue(provider_id=place["provider_id"], event=Endpoint.Event.PLACE_WITHDRAWN, data=data)
