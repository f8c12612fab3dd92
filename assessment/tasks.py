"""Thin tasks: fetch by id, return quietly if the row is gone, call the service."""

from celery import shared_task

from cohorts.models import Cohort
from nasenco.files import services as files

from .documents import exam_board_pdf


@shared_task
def render_exam_board(*, stored_file_id, cohort_id: int) -> None:
    def render(missing: list[str]) -> bytes:
        cohort = Cohort.objects.filter(pk=cohort_id).select_related("provider", "programme").first()
        if cohort is None:
            raise LookupError("The cohort no longer exists.")
        return exam_board_pdf(cohort)

    files.stored_file_render(
        stored_file_id=stored_file_id, render=render, failure="The exam-board report could not be rendered."
    )
