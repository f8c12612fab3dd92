"""The booklet as a PDF: the pre-filled record the head signs (or prints and signs in ink)."""

from django.utils import timezone

from nasenco.pdf import render_pdf

from .selectors import booklet_of, current_mentorship


def booklet_pdf(enrolment) -> bytes:
    return render_pdf(
        "schools/booklet_pdf.html",
        {
            "enrolment": enrolment,
            "booklet": booklet_of(enrolment),
            "mentorship": current_mentorship(enrolment),
            "school": getattr(getattr(enrolment.participant, "profile", None), "school", None),
            "generated": timezone.localtime(),
        },
    )


def booklet_filename(enrolment) -> str:
    return f"Performance booklet - {enrolment.participant.full_name}.pdf"
