"""Thin tasks: fetch by id, return quietly if the row is gone, call the service."""

from celery import shared_task

from nasenco.files import services as files

from .documents import timetable_pdf
from .models import Cohort, TimetableChange
from .services import timetable_change_announce


@shared_task
def render_cohort_timetable(*, stored_file_id, cohort_id: int) -> None:
    if not files.stored_file_claim(stored_file_id=stored_file_id):
        return  # already rendered, or claimed by a duplicate task
    cohort = Cohort.objects.filter(pk=cohort_id).select_related("provider", "programme").first()
    if cohort is None:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The cohort no longer exists.")
        return
    try:
        files.stored_file_progress(stored_file_id=stored_file_id, percent=30)
        content = timetable_pdf(cohort)
    except Exception:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The timetable could not be rendered.")
        raise
    files.stored_file_complete(stored_file_id=stored_file_id, content=content, content_type="application/pdf")


@shared_task
def announce_timetable_change(*, change_id: int) -> int:
    if not TimetableChange.objects.filter(pk=change_id).exists():
        return 0
    return timetable_change_announce(change_id=change_id)
