from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .responses import private_file_response
from .selectors import get_stored_file_for


@require_GET
@login_required
def file_status(request, pk):
    """Progress of a document being prepared; the page polls this (htmx) until it is ready."""
    stored_file = get_stored_file_for(request.user, pk)
    template = "files/_status.html" if request.headers.get("HX-Request") else "files/status.html"
    return render(request, template, {"stored_file": stored_file})


@require_GET
@login_required
def file_download(request, pk):
    stored_file = get_stored_file_for(request.user, pk)
    if stored_file.status != stored_file.Status.READY:
        return render(request, "files/status.html", {"stored_file": stored_file}, status=409)
    return private_file_response(
        request, stored_file.file, filename=stored_file.name, content_type=stored_file.content_type
    )
