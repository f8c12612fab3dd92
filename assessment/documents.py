"""Documents: the exam-board report (rendered by a worker: it grows with a cohort); the certificate and
transcript (one person's, rendered on request)."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohorts.documents import logo_data_uri
from cohorts.models import Cohort, Programme, Provider
from enrolment.models import Enrolment
from nasenco.accounts.models import User
from nasenco.dates import long_date
from nasenco.pdf import render_pdf
from nasenco.qr import qr_data_uri
from schools.models import BookletSignoff

from .marks import band_for
from .models import Award, Component, Submission
from .selectors import exam_board


def verify_url(award) -> str:
    """The absolute address anyone can open to check the certificate."""
    query = urlencode({"number": award.certificate_number})
    return f"{settings.SITE_URL}{reverse('assessment:verify')}?{query}"


def certificate_pdf(award) -> bytes:
    """A4 landscape, fit to frame: provider and logo, awarding university, the award, credits and scope,
    the date, the number, the signatory, and the verification address with its QR code."""
    url = verify_url(award)
    return render_pdf(
        "assessment/certificate_pdf.html",
        {
            "award": award,
            "logo": logo_data_uri(award.enrolment.cohort.provider),
            "verify_url": url,
            "qr": qr_data_uri(url),
            "signatory": signatory_of(award),
        },
    )


def signatory_of(award) -> dict:
    """Who signs the certificate: the provider's signatory, or else the admin who confirmed the award. A
    certificate always names a person."""
    provider = award.enrolment.cohort.provider
    if provider.signatory_name:
        return {"name": provider.signatory_name, "role": provider.signatory_role}
    name = award.confirmed_by.full_name if award.confirmed_by else ""
    return {"name": name or provider.name, "role": "Provider admin" if name else ""}


def transcript_rows(award) -> list[dict]:
    """Each released attempt with its mark and band (Level 7) or result; a signed booklet as its result."""
    rows = []
    for s in (
        Submission.objects.filter(enrolment=award.enrolment, status=Submission.Status.RELEASED)
        .select_related("component")
        .order_by("component__order", "attempt")
    ):
        level_7 = s.component.kind == Component.Kind.LEVEL_7 and s.final_mark is not None
        band = band_for(s.final_mark, s.component.pass_mark).label if level_7 else ""
        rows.append(
            {
                "component": s.component,
                "attempt": s.attempt,
                "mark": s.final_mark,
                "band": band,
                "result": "Passed" if s.passed else "Not passed",
            }
        )
    signoff = BookletSignoff.objects.filter(enrolment=award.enrolment).first()
    if signoff:
        for component in award.enrolment.cohort.programme.components.filter(kind=Component.Kind.BOOKLET):
            rows.append(
                {
                    "component": component,
                    "attempt": 1,
                    "mark": None,
                    "band": "",
                    "result": f"Signed off by the headteacher, {long_date(signoff.signed_on)}",
                }
            )
    return rows


def transcript_pdf(award) -> bytes:
    answer = award.enrolment.statutory
    answer.completed_on = award.completed_on  # as held on the award's day, whatever happened since
    return render_pdf(
        "assessment/transcript_pdf.html",
        {
            "award": award,
            "rows": transcript_rows(award),
            "verify_url": verify_url(award),
            "statutory": answer if answer.required else None,
        },
    )


def exam_board_lines(board) -> tuple[list[str], list[list[str]]]:
    """The exam-board report as a header and rows of text, for the CSV and the PDF alike."""
    header = [
        "Participant",
        *[c.title for c in board["components"]],
        "Attendance %",
        "Award",
        "Statutory deadline",
        "Deadline status",
    ]
    today = timezone.localdate()
    lines = []
    for row in board["rows"]:
        cells = []
        for cell in row["cells"]:
            mark = "" if cell["final"] is None else str(cell["final"])
            result = "" if cell["passed"] is None else ("pass" if cell["passed"] else "fail")
            extra = [f"attempts {cell['attempts']}"] if cell["attempts"] > 1 else []
            if cell["late"]:
                extra.append("late")
            if cell["extension"]:
                extra.append(f"extension to {cell['extension'].until:%d/%m/%Y}")
            cells.append(" ".join(p for p in [mark, result, f"({', '.join(extra)})" if extra else ""] if p) or "—")
        award, answer = row["award"], row["enrolment"].statutory
        lines.append(
            [
                row["enrolment"].participant.full_name,
                *cells,
                str(row["attendance"]),
                award.certificate_number if award else "not yet",
                long_date(answer.deadline) if answer.deadline else "",
                answer.status_on(today).label,
            ]
        )
    return header, lines


def exam_board_pdf(cohort) -> bytes:
    header, lines = exam_board_lines(exam_board(cohort))
    return render_pdf(
        "assessment/exam_board_pdf.html",
        {"cohort": cohort, "header": header, "lines": lines, "generated": timezone.localtime()},
    )


def warm_up(**kwargs) -> None:
    """Render a certificate for a made-up award, in memory only: a new worker then has WeasyPrint, the
    certificate's fonts, its QR code and the PDF/UA writer loaded before anyone asks (nasenco.warm)."""
    provider = Provider(name="A provider", accrediting_university="A university", signatory_name="A signatory")
    programme = Programme(provider=provider, title="National Award for SEN Co-ordination")
    cohort = Cohort(provider=provider, programme=programme, name="A group", academic_year="2026-27")
    person = User(full_name="A Participant", email="warm-up@nasenco.invalid")
    place = Enrolment(cohort=cohort, provider=provider, participant=person)
    award = Award(
        enrolment=place, certificate_number="NASENCO-0000-WARMUP", scope="full", completed_on=timezone.localdate()
    )
    certificate_pdf(award)
