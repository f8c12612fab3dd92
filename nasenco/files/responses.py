"""Serving private files: stream from the filesystem, or redirect to a short-lived pre-signed URL (S3).

Call only after the view's lookup helper has decided the user may see the file. A file missing from storage
(deleted behind the portal's back, a restore without the files) is a clear 404 page, logged for the
operator, never a server error.
"""

import logging

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)


def private_file_response(request, field_file, *, filename: str, content_type: str = ""):
    storage = field_file.storage
    disposition = content_disposition_header(True, filename)  # RFC 6266: filename* keeps non-ASCII names
    try:
        if isinstance(storage, FileSystemStorage):
            response = FileResponse(
                storage.open(field_file.name, "rb"),
                as_attachment=True,
                filename=filename,
                content_type=content_type or "application/octet-stream",
            )
        else:
            if not storage.exists(field_file.name):
                raise FileNotFoundError(field_file.name)
            # S3: the storage signs a URL that expires after PRIVATE_URL_EXPIRY_SECONDS.
            response = HttpResponseRedirect(
                storage.url(field_file.name, parameters={"ResponseContentDisposition": disposition})
            )
    except FileNotFoundError:
        logger.error("Private file missing from storage: %s", field_file.name)
        return render(request, "files/unavailable.html", {"filename": filename}, status=404)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
