"""Thin tasks: fetch by id, return quietly if the row is gone, call the export, record the result."""

from celery import shared_task

from nasenco.files import services as files

from .exports import EXPORTS
from .models import Portfolio


@shared_task
def render_portfolio_export(*, stored_file_id, portfolio_id: int, kind: str) -> None:
    if not files.stored_file_claim(stored_file_id=stored_file_id):
        return
    portfolio = (
        Portfolio.objects.select_related("enrolment__participant", "enrolment__cohort", "framework")
        .filter(pk=portfolio_id)
        .first()
    )
    if portfolio is None or kind not in EXPORTS:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The portfolio no longer exists.")
        return
    _, content_type, build = EXPORTS[kind]
    try:
        content = build(
            portfolio, progress=lambda p: files.stored_file_progress(stored_file_id=stored_file_id, percent=p)
        )
    except Exception:
        files.stored_file_fail(stored_file_id=stored_file_id, error="The export could not be prepared.")
        raise
    files.stored_file_complete(stored_file_id=stored_file_id, content=content, content_type=content_type)
