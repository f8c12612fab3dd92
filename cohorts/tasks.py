"""Thin tasks: fetch by id, return quietly if the row is gone, call the service."""

from celery import shared_task

from nasenco.files import services as files

from .documents import timetable_pdf
from .models import Cohort, TimetableChange
from .services import timetable_change_announce
from .services.timetable import timetable_changes_relay


@shared_task
def render_cohort_timetable(*, stored_file_id, cohort_id: int) -> None:
    def render(missing: list[str]) -> bytes:
        cohort = Cohort.objects.filter(pk=cohort_id).select_related("provider", "programme").first()
        if cohort is None:
            raise LookupError("The cohort no longer exists.")
        return timetable_pdf(cohort)

    files.stored_file_render(
        stored_file_id=stored_file_id, render=render, failure="The timetable could not be rendered."
    )


@shared_task
def announce_timetable_change(*, change_id: int) -> int:
    if not TimetableChange.objects.filter(pk=change_id).exists():
        return 0
    return timetable_change_announce(change_id=change_id)


@shared_task
def relay_timetable_changes() -> int:
    """Beat relay: announce changes whose announcement never reached a worker."""
    return timetable_changes_relay()
