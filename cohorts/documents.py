"""Documents the cohorts app renders."""

from django.utils import timezone

from nasenco.pdf import render_pdf

from .selectors import timetable_of


def timetable_pdf(cohort) -> bytes:
    return render_pdf(
        "cohorts/timetable_pdf.html",
        {"cohort": cohort, "days": list(timetable_of(cohort)), "generated": timezone.localtime()},
    )
