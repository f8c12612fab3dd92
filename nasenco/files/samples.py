"""A small, real PDF: one blank A4 page, made by pypdf. The demo hands it in where a teacher would upload a
scan or an assignment, and the tests use it wherever a valid PDF is needed."""

import io

from pypdf import PdfWriter


def one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SMALL_PDF = one_page_pdf()
