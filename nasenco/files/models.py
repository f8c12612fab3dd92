"""Private files: generated documents (PDFs, exports) and, as later apps add them, uploads.

A stored file is never under a public URL. It is served by a view that checks permission first
(see ``responses.private_file_response``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def upload_to(instance: "StoredFile", filename: str) -> str:
    """The path on storage is ours (the name people see is kept in ``name``), with the real extension so the
    bucket stores the right content type and an operator can tell a PDF from a ZIP."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension.isalnum() and len(extension) <= 5 else ""
    return f"{instance.kind}/{timezone.now():%Y/%m}/{instance.pk}{suffix}"


class StoredFile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RENDERING = "rendering", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.SlugField(max_length=40, help_text="What the file is, e.g. cohort-timetable.")
    name = models.CharField(max_length=200, help_text="The file name shown and used for downloads.")
    file = models.FileField(upload_to=upload_to, blank=True, max_length=300)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while being prepared.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker has claimed it.")
    error = models.CharField(max_length=300, blank=True)
    # Files that could not be read from storage and were left out (named inside the file and on its page).
    missing = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_files")
    # The task that prepares it, kept so the relay can hand it over again if the broker was down.
    task_name = models.CharField(max_length=200, blank=True)
    task_kwargs = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}
