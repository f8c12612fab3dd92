"""Writes for stored files. A generated document moves pending → rendering → ready (or failed)."""

import datetime as dt
import mimetypes

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.utils import timezone

from ..queue import publish, publish_on_commit
from .models import StoredFile, upload_to

RELAY_AFTER = dt.timedelta(minutes=2)  # a worker starts a file within seconds when the broker is up
# A claim not touched for this long belongs to a worker that died (killed, out of memory, a lost machine): the
# task time limit (settings) is 10 minutes, and progress touches the row as it goes (issue 25, 10).
STALE_CLAIM = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 2  # then it shows "failed — try again" instead of being taken over once more
SAVE_FAILED = "it was prepared, but our file store did not answer when we saved it"
GIVE_UP = "preparing it stopped before it finished"


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
    """Every file either finishes or shows "failed" within a set time. Claims left by a dead worker are taken
    back (once; then the file fails), files waiting more than a day fail visibly, and every file still
    waiting after ``waited`` (the broker was down, or its claim was just taken back) is handed over again.
    Claiming makes a second nudge harmless. Returns how many were handed over."""
    now = now or timezone.now()
    stale = StoredFile.objects.filter(status=StoredFile.Status.RENDERING, updated__lt=now - STALE_CLAIM)
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(status=StoredFile.Status.FAILED, error=GIVE_UP, updated=now)
    stale.filter(attempts__lt=MAX_ATTEMPTS).exclude(task_name="").update(
        status=StoredFile.Status.PENDING, progress=0, updated=now
    )
    pending = StoredFile.objects.filter(status=StoredFile.Status.PENDING)
    pending.filter(created__lt=now - dt.timedelta(days=1)).update(
        status=StoredFile.Status.FAILED, error=GIVE_UP, updated=now
    )
    waiting = pending.filter(Q(created__lt=now - waited) | Q(attempts__gt=0)).exclude(task_name="")
    return sum(publish(row.task_name, **row.task_kwargs) for row in waiting.order_by("created")[:500])


def stored_file_claim(*, stored_file_id) -> bool:
    """Claim a pending file for rendering. A duplicated task gets False and does nothing."""
    return bool(
        StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.PENDING).update(
            status=StoredFile.Status.RENDERING, progress=5, updated=timezone.now(), attempts=F("attempts") + 1
        )
    )


def stored_file_progress(*, stored_file_id, percent: int) -> None:
    StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.RENDERING).update(
        progress=max(0, min(percent, 99)), updated=timezone.now()
    )


def stored_file_complete(*, stored_file_id, content: bytes, content_type: str = "", missing=()) -> bool:
    """Store the rendered bytes and mark the file ready, with the names of any files it had to leave out.
    Storage is written outside any transaction."""
    stored_file = StoredFile.objects.get(pk=stored_file_id)
    try:
        path = default_storage.save(upload_to(stored_file, stored_file.name), ContentFile(content))
    except Exception:  # storage down or refusing: the file says so at once instead of "95%" forever
        stored_file_fail(stored_file_id=stored_file_id, error=SAVE_FAILED)
        raise
    done = StoredFile.objects.filter(pk=stored_file_id, status=StoredFile.Status.RENDERING).update(
        file=path,
        content_type=content_type or mimetypes.guess_type(stored_file.name)[0] or "",
        size=len(content),
        status=StoredFile.Status.READY,
        progress=100,
        error="",
        missing=list(missing),
        updated=timezone.now(),
    )
    if not done:  # someone else finished or failed it meanwhile: keep no orphan bytes
        default_storage.delete(path)
    return bool(done)


def stored_file_render(*, stored_file_id, render, failure: str, content_type: str = "application/pdf") -> None:
    """What a rendering task does: claim the file (a duplicated task does nothing), show progress, render,
    store. ``render(missing)`` appends to ``missing`` the name of each file it could not read and left out
    (the rest is still done); it may raise LookupError with a message when what it renders is gone; any
    other error is recorded as ``failure`` and raised again for the worker's log."""
    if not stored_file_claim(stored_file_id=stored_file_id):
        return
    missing: list[str] = []
    try:
        stored_file_progress(stored_file_id=stored_file_id, percent=30)
        content = render(missing)
    except LookupError as gone:
        stored_file_fail(stored_file_id=stored_file_id, error=str(gone))
        return
    except Exception:
        stored_file_fail(stored_file_id=stored_file_id, error=failure)
        raise
    stored_file_complete(stored_file_id=stored_file_id, content=content, content_type=content_type, missing=missing)


def stored_file_fail(*, stored_file_id, error: str) -> None:
    StoredFile.objects.filter(pk=stored_file_id).update(
        status=StoredFile.Status.FAILED, error=error[:300], updated=timezone.now()
    )
