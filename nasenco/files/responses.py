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


# What a browser may show in the page rather than download: checked on upload to be what they say they are.
PREVIEWABLE = ("application/pdf", "image/png", "image/jpeg")


def wants_preview(request, content_type: str) -> bool:
    """``?view=1`` on a file link asks to open it in the browser; only PDFs and images open there."""
    return request.GET.get("view") == "1" and content_type in PREVIEWABLE


def private_file_response(request, field_file, *, filename: str, content_type: str = ""):
    """The file as a download, or (``?view=1``, PDFs and images) shown in the browser from a sandboxed
    response: no script of the file's runs with the portal's origin, and the type is never sniffed."""
    storage = field_file.storage
    inline = wants_preview(request, content_type)
    disposition = content_disposition_header(not inline, filename)  # RFC 6266: filename* keeps non-ASCII names
    try:
        if isinstance(storage, FileSystemStorage):
            response = FileResponse(
                storage.open(field_file.name, "rb"),
                as_attachment=not inline,
                filename=filename,
                content_type=content_type or "application/octet-stream",
            )
        else:
            if not storage.exists(field_file.name):
                raise FileNotFoundError(field_file.name)
            # S3: the storage signs a URL that expires after PRIVATE_URL_EXPIRY_SECONDS; a preview opens on the
            # storage's own origin, never the portal's.
            parameters = {"ResponseContentDisposition": disposition}
            if inline:
                parameters["ResponseContentType"] = content_type
            response = HttpResponseRedirect(storage.url(field_file.name, parameters=parameters))
    except FileNotFoundError:
        logger.error("Private file missing from storage: %s", field_file.name)
        return render(request, "files/unavailable.html", {"filename": filename}, status=404)
    except Exception:  # storage down, hung past its timeouts, or refusing: a clear page, never a 500
        logger.exception("Storage unavailable while serving %s", field_file.name)
        return render(request, "files/unavailable.html", {"filename": filename, "storage_down": True}, status=503)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
