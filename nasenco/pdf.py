"""PDF rendering through WeasyPrint, reading nothing but the project's own static files.

Templates link stylesheets and images with ``{% static %}``; those URLs resolve against a private base
URL and are read from the static folders; a ``data:`` URI (a provider's logo, embedded by the view) is read
from itself. Any other URL (the network, ``file://``, a path that climbs out of the static folders) is
refused, so a rendered document can never fetch or leak anything.
"""

import mimetypes
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

BASE_URL = "https://pdf.nasenco.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")


class BlockedResource(ValueError):
    pass


def static_path_for(url: str) -> Path:
    """The file under the static folders that ``url`` names, or BlockedResource."""
    if not url.startswith(STATIC_PREFIX):
        raise BlockedResource(f"PDFs may load only the portal's own static files, not {url[:100]}")
    relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT).resolve()]
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise BlockedResource(f"{relative[:100]} is outside the static folders") from exc
    candidates = [Path(found).resolve()] if found else []
    candidates += [(root / relative).resolve() for root in roots]
    for candidate in candidates:
        if candidate.is_file() and any(candidate.is_relative_to(root) for root in roots):
            return candidate
    raise BlockedResource(f"No static file at {relative[:100]}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # decoded from the URI itself: no network, no file
                with urllib.request.urlopen(url) as data:  # noqa: S310 - data: only, checked above
                    return URLFetcherResponse(
                        url, body=data.read(), headers={"Content-Type": data.headers.get_content_type()}
                    )
            path = static_path_for(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return StaticOnlyFetcher(allowed_protocols=["https", "data"])


def html_to_pdf(html: str) -> bytes:
    """PDF bytes from HTML. WeasyPrint is imported here so start-up stays fast."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, {"site_name": settings.SITE_NAME, **context}))
