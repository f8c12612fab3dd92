"""PDF rendering through WeasyPrint, reading nothing but the project's own static files.

Templates link stylesheets and images with ``{% static %}``; those URLs resolve against a private base
URL and are read from the static folders; a ``data:`` URI (a provider's logo, embedded by the view) is read
from itself; a document's own files (a portfolio's photographs) are passed in by the caller as
``resources`` under URLs of its choosing. Any other URL (the network, ``file://``, a path that climbs out
of the static folders) is refused, so a rendered document can never fetch or leak anything.

Documents are tagged PDF/UA-1 (ISO 14289-1): headings, lists, tables and figures carry their structure,
the language and title are declared, so a screen reader can read them (WCAG 2.2 through PDF).
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


def resource_url(name: str) -> str:
    """A URL a template can use for a file the caller passes in ``resources`` under ``name``."""
    return f"{BASE_URL}resource/{name}"


def _fetcher(resources: dict):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in resources:  # one of the document's own files, read only now
                mime, read = resources[url]
                return URLFetcherResponse(url, body=read(), headers={"Content-Type": mime})
            if url.startswith("data:"):  # decoded from the URI itself: no network, no file
                with urllib.request.urlopen(url) as data:  # noqa: S310 - data: only, checked above
                    return URLFetcherResponse(
                        url, body=data.read(), headers={"Content-Type": data.headers.get_content_type()}
                    )
            path = static_path_for(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return StaticOnlyFetcher(allowed_protocols=["https", "data"])


def html_to_pdf(html: str, *, resources: dict | None = None) -> bytes:
    """Tagged PDF bytes from HTML. ``resources`` maps a ``resource_url`` to (content type, a function
    returning the bytes). WeasyPrint is imported here so start-up stays fast."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher(resources or {}))
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template_name: str, context: dict, *, resources: dict | None = None) -> bytes:
    """Render a Django template to PDF bytes."""
    html = render_to_string(template_name, {"site_name": settings.SITE_NAME, **context})
    return html_to_pdf(html, resources=resources)
