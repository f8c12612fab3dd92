"""Thin tasks: fetch by id, return quietly if the row is gone, call the export, record the result."""

from celery import shared_task

from nasenco.files import services as files

from .exports import EXPORTS
from .models import Portfolio


@shared_task
def render_portfolio_export(*, stored_file_id, portfolio_id: int, kind: str) -> None:
    def render(missing: list[str]) -> bytes:
        portfolio = (
            Portfolio.objects.select_related("enrolment__participant", "enrolment__cohort", "framework")
            .filter(pk=portfolio_id)
            .first()
        )
        if portfolio is None or kind not in EXPORTS:
            raise LookupError("The portfolio no longer exists.")
        _, _, build = EXPORTS[kind]
        return build(
            portfolio,
            progress=lambda p: files.stored_file_progress(stored_file_id=stored_file_id, percent=p),
            missing=missing,
        )

    files.stored_file_render(
        stored_file_id=stored_file_id,
        render=render,
        failure="The export could not be prepared.",
        content_type=EXPORTS[kind][1] if kind in EXPORTS else "",
    )
