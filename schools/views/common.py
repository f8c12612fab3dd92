"""Shared pieces of the schools pages."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from ..documents import booklet_filename, booklet_pdf


def form_errors(form, error) -> None:
    """A service's ValidationError onto the form: field errors on their fields, the rest at the top."""
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, field_messages in pairs:
        form.add_error(field if field in form.fields else None, field_messages)


def pdf_response(enrolment) -> HttpResponse:
    response = HttpResponse(booklet_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, booklet_filename(enrolment))
    return response
