"""Thin tasks: fetch by id, return quietly if the row is gone, call the service."""

from celery import shared_task

from cohorts.models import Cohort
from nasenco.files import services as files

from .documents import exam_board_pdf


@shared_task
def render_exam_board(*, stored_file_id, cohort_id: int) -> None:
    if not files.stored_file_claim(stored_file_id=stored_file_id):
        return  # already rendered, or claimed by a duplicate task
    cohort = Cohort.objects.filter(pk=cohort_id).select_related("provider", "programme").first()
    if cohort is None:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The cohort no longer exists.")
        return
    try:
        files.stored_file_progress(stored_file_id=stored_file_id, percent=30)
        content = exam_board_pdf(cohort)
    except Exception:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The exam-board report could not be rendered.")
        raise
    files.stored_file_complete(stored_file_id=stored_file_id, content=content, content_type="application/pdf")
