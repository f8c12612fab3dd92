"""Writes for stored files. A generated document moves pending → rendering → ready (or failed)."""

import mimetypes

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import StoredFile, upload_to


def stored_file_request(*, by, kind: str, name: str) -> StoredFile:
    """Record that ``by`` asked for a document; a task will fill it in."""
    return StoredFile.objects.create(kind=kind, name=name, created_by=by)


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
