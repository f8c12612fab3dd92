"""Thin tasks: fetch by id, return quietly if the row is gone, call the service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from nasenco.files import services as files

from .services import retention_sweep, subject_access_zip


@shared_task
def render_subject_access(*, stored_file_id, user_id: int) -> None:
    def render(missing: list[str]) -> bytes:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            raise LookupError("The person no longer exists.")
        return subject_access_zip(user, missing=missing)

    files.stored_file_render(
        stored_file_id=stored_file_id,
        render=render,
        failure="The data could not be gathered. Try again, or ask the provider.",
        content_type="application/zip",
    )


@shared_task
def retention_daily() -> dict[str, int]:
    return retention_sweep()
