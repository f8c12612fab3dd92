"""Thin tasks: fetch by id, call the service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .models import ImportBatch
from .services.imports import import_commit


@shared_task
def commit_import(*, batch_id: int, by_id: int | None = None) -> int:
    if not ImportBatch.objects.filter(pk=batch_id).exists():
        return 0
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    return import_commit(batch_id=batch_id, by=by).added
