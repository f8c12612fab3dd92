"""Writes for stored files. A generated document moves pending → rendering → ready (or failed)."""

import datetime as dt
import mimetypes

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ..queue import publish, publish_on_commit
from .models import StoredFile, upload_to

RELAY_AFTER = dt.timedelta(minutes=2)  # a worker starts a file within seconds when the broker is up


def stored_file_request(*, by, kind: str, name: str, task: str = "", task_kwargs: dict | None = None) -> StoredFile:
    """Record that ``by`` asked for a document, and queue ``task`` (by name) to fill it in once this
    transaction commits. The task gets ``stored_file_id`` and ``task_kwargs``; if the broker is down, the
    relay (``stored_files_relay``) hands it over later."""
    stored = StoredFile.objects.create(kind=kind, name=name, created_by=by, task_name=task)
    if task:
        stored.task_kwargs = {"stored_file_id": str(stored.pk), **(task_kwargs or {})}
        stored.save(update_fields=["task_kwargs"])
        publish_on_commit(task, **stored.task_kwargs)
    return stored


def stored_files_relay(*, now=None, waited=RELAY_AFTER) -> int:
    """Hand over again every file still waiting to start after ``waited`` (the broker was down when it was
    asked for). Claiming makes a second nudge harmless. Files older than a day are left to fail visibly."""
    now = now or timezone.now()
    waiting = StoredFile.objects.filter(
        status=StoredFile.Status.PENDING, created__lt=now - waited, created__gt=now - dt.timedelta(days=1)
    ).exclude(task_name="")
    return sum(publish(row.task_name, **row.task_kwargs) for row in waiting.order_by("created")[:500])


def stored_file_claim(*, stored_file_id) -> bool:
    """Claim a pending file for rendering. A duplicated task gets False and does nothing."""
    return bool(
        StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.PENDING).update(
            status=StoredFile.Status.RENDERING, progress=5, updated=timezone.now()
        )
    )


def stored_file_progress(*, stored_file_id, percent: int) -> None:
    StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.RENDERING).update(
        progress=max(0, min(percent, 99)), updated=timezone.now()
    )


def stored_file_complete(*, stored_file_id, content: bytes, content_type: str = "") -> bool:
    """Store the rendered bytes and mark the file ready. Storage is written outside any transaction."""
    stored_file = StoredFile.objects.get(pk=stored_file_id)
    path = default_storage.save(upload_to(stored_file, stored_file.name), ContentFile(content))
    done = StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.RENDERING).update(
        file=path,
        content_type=content_type or mimetypes.guess_type(stored_file.name)[0] or "",
        size=len(content),
        status=StoredFile.Status.READY,
        progress=100,
        error="",
        updated=timezone.now(),
    )
    if not done:  # someone else finished or failed it meanwhile: keep no orphan bytes
        default_storage.delete(path)
    return bool(done)


def stored_file_render(*, stored_file_id, render, failure: str, content_type: str = "application/pdf") -> None:
    """What a rendering task does: claim the file (a duplicated task does nothing), show progress, render,
    store. ``render()`` may raise LookupError with a message when what it renders is gone; any other error is
    recorded as ``failure`` and raised again for the worker's log."""
    if not stored_file_claim(stored_file_id=stored_file_id):
        return
    try:
        stored_file_progress(stored_file_id=stored_file_id, percent=30)
        content = render()
    except LookupError as gone:
        stored_file_fail(stored_file_id=stored_file_id, error=str(gone))
        return
    except Exception:
        stored_file_fail(stored_file_id=stored_file_id, error=failure)
        raise
    stored_file_complete(stored_file_id=stored_file_id, content=content, content_type=content_type)


def stored_file_fail(*, stored_file_id, error: str) -> None:
    StoredFile.objects.filter(pk=stored_file_id).update(
        status=StoredFile.Status.FAILED, error=error[:300], updated=timezone.now()
    )
