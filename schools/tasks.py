"""Thin tasks: fetch by id, call the service."""

from celery import shared_task

from enrolment.models import Enrolment
from nasenco.files import services as files

from .documents import booklet_pdf


@shared_task
def render_booklet(*, stored_file_id, enrolment_id: int) -> None:
    """The performance booklet as PDF, for the participant or their mentor who asked (it grows with the entries
    and their evidence, so it is not rendered in the request)."""

    def render(missing: list[str]) -> bytes:
        place = Enrolment.objects.filter(pk=enrolment_id).select_related("participant", "cohort__provider").first()
        if place is None:
            raise LookupError("The place no longer exists.")
        return booklet_pdf(place)

    files.stored_file_render(
        stored_file_id=stored_file_id, render=render, failure="The performance booklet could not be rendered."
    )
