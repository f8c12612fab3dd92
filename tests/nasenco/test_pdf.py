import io
import logging

import pytest
from django.utils import timezone
from pypdf import PdfReader

from nasenco.pdf import BASE_URL, STATIC_PREFIX, BlockedResource, html_to_pdf, render_pdf, static_path_for
from tests import factories


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_static_files_resolve_inside_the_static_folders():
    path = static_path_for(STATIC_PREFIX + "css/pdf.css")
    assert path.name == "pdf.css"
    assert path.read_text().startswith("@page")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        STATIC_PREFIX + "../../../etc/passwd",
        STATIC_PREFIX + "css/../../nasenco/settings.py",
        BASE_URL + "accounts/login/",
        STATIC_PREFIX + "css/missing.css",
    ],
)
def test_everything_else_is_refused(url):
    with pytest.raises(BlockedResource):
        static_path_for(url)


def test_rendering_refuses_remote_and_local_files_but_keeps_going(caplog):
    html = (
        '<p>Hello</p><img src="https://example.org/x.png"><img src="file:///etc/hostname">'
        '<link rel="stylesheet" href="/static/css/pdf.css">'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)
    assert "Hello" in _text(pdf)
    blocked = [r.getMessage() for r in caplog.records if "BlockedResource" in r.getMessage()]
    assert len(blocked) == 2, caplog.text  # both images refused; the stylesheet loaded


def test_render_pdf_of_a_cohort_timetable(db):
    cohort = factories.CohortFactory(name="Group 152", programme__provider__name="Eastern Partnership UK (SEND)")
    factories.TeachingDayFactory(cohort=cohort, number=0)
    factories.TeachingDayFactory(cohort=cohort, number=1)
    pdf = render_pdf(
        "cohorts/timetable_pdf.html",
        {"cohort": cohort, "days": list(cohort.days.all()), "generated": timezone.localtime()},
    )
    text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert "Group 152" in text
    assert "Orientation" in text and "Day 1" in text
    assert "Eastern Partnership UK (SEND)" in text
