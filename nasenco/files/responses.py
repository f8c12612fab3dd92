"""Serving private files: stream from the filesystem, or redirect to a short-lived pre-signed URL (S3).

Call only after the view's lookup helper has decided the user may see the file.
"""

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponseRedirect


def private_file_response(field_file, *, filename: str, content_type: str = "") -> FileResponse:
    storage = field_file.storage
    if isinstance(storage, FileSystemStorage):
        response = FileResponse(
            storage.open(field_file.name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type=content_type or "application/octet-stream",
        )
    else:
        # S3: the storage signs a URL that expires after PRIVATE_URL_EXPIRY_SECONDS.
        response = HttpResponseRedirect(
            storage.url(
                field_file.name,
                parameters={"ResponseContentDisposition": f'attachment; filename="{_ascii(filename)}"'},
            )
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii(filename: str) -> str:
    return "".join(c for c in filename if c.isascii() and c.isprintable() and c not in '"\\') or "download"
