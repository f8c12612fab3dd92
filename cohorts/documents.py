"""Documents the cohorts app renders."""

import base64

from django.utils import timezone

from nasenco.pdf import render_pdf

from .selectors import timetable_of


def logo_data_uri(provider) -> str:
    """The provider's logo as a data: URI for a PDF (WeasyPrint reads it without reaching storage by URL)."""
    if not provider.logo:
        return ""
    try:
        with provider.logo.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return ""  # a missing logo leaves the certificate without one, never without the certificate
    return f"data:{provider.logo_type or 'image/png'};base64,{base64.b64encode(data).decode()}"


def timetable_pdf(cohort) -> bytes:
    return render_pdf(
        "cohorts/timetable_pdf.html",
        {"cohort": cohort, "days": list(timetable_of(cohort)), "generated": timezone.localtime()},
    )
