"""Award decisions for a cohort, certificates and transcripts, and the public verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.services import download_record
from enrolment.models import Enrolment
from nasenco.access import object_or_404
from nasenco.accounts.client_ip import client_ip
from nasenco.cache import cache_hits
from nasenco.confirm import confirm_page
from nasenco.files.services import stored_file_request
from nasenco.spreadsheets import csv_response

from .. import services
from ..award import decide_award
from ..documents import certificate_pdf, exam_board_lines, transcript_pdf
from ..models import Award
from ..selectors import achievements_for, achievements_of, cohort_for, exam_board, get_award_for
from ..tasks import render_exam_board


@require_GET
@login_required
def cohort_awards(request, cohort_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.confirm_award")
    enrolments = list(
        cohort.enrolments.filter(status__in=Enrolment.ON_PROGRAMME)
        .select_related("participant", "declaration", "award")
        .order_by("participant__full_name")
    )
    achievements = achievements_for(cohort, [e for e in enrolments if not hasattr(e, "award")])
    rows = []
    for enrolment in enrolments:
        award = getattr(enrolment, "award", None)
        decision = None if award else decide_award(achievements[enrolment.pk])
        rows.append({"enrolment": enrolment, "award": award, "decision": decision})
    return render(request, "assessment/awards.html", {"cohort": cohort, "rows": rows})


@require_POST
@login_required
def confirm_award(request, cohort_pk, enrolment_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.confirm_award")
    enrolment = object_or_404(cohort.enrolments.select_related("participant"), pk=enrolment_pk)
    if request.POST.get("confirmed") != "1":
        decision = decide_award(achievements_of(enrolment))
        if not decision.awarded:
            messages.error(request, "Not yet: " + " ".join(decision.missing))
            return redirect("assessment:awards", cohort_pk=cohort.pk)
        scope = " (recognised for the 0–5 early years sector only)" if decision.scope == "early_years" else ""
        return confirm_page(
            request,
            title=f"Confirm {enrolment.participant.full_name}'s award?",
            lead=f"They are awarded the {cohort.programme.get_qualification_display()}{scope}: a certificate number "
            "is issued that anyone can verify, their place is completed, and they can download the certificate "
            "and transcript. An award cannot be withdrawn here.",
            affected=[f"{enrolment.participant.full_name} ({enrolment.participant.email})"],
            button="Confirm the award",
            back=reverse("assessment:awards", args=[cohort.pk]),
        )
    try:
        award = services.award_confirm(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Awarded: certificate {award.certificate_number}.")
    return redirect("assessment:awards", cohort_pk=cohort.pk)


def _pdf_response(pdf: bytes, filename) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
def certificate(request, pk):
    award = get_award_for(request.user, pk)
    _award_opened(request, award, "the certificate")
    return _pdf_response(certificate_pdf(award), f"Certificate {award.certificate_number}.pdf")


@require_GET
@login_required
def transcript(request, pk):
    award = get_award_for(request.user, pk)
    _award_opened(request, award, "the transcript")
    return _pdf_response(transcript_pdf(award), f"Transcript {award.certificate_number}.pdf")


def _award_opened(request, award, what: str) -> None:
    enrolment = award.enrolment
    download_record(
        provider_id=enrolment.cohort.provider_id,
        by=request.user,
        what=f"{what} (PDF)",
        obj=award,
        about=enrolment.participant,
        label=f"{award.certificate_number} — {award.holder_name}",
    )


VERIFY_LIMIT = 30
VERIFY_WINDOW = 10 * 60


@require_http_methods(["GET"])
def verify(request):
    """Anyone can check a certificate number: it shows only the name, the award and the date. An address may
    check VERIFY_LIMIT numbers in ten minutes, so the register cannot be walked by guessing (issue 25, 7)."""
    number = (request.GET.get("number") or "").strip().upper()
    if number and cache_hits(f"verify:{client_ip(request)}", VERIFY_WINDOW) > VERIFY_LIMIT:
        return render(request, "assessment/verify.html", {"number": number, "too_many": True}, status=429)
    award = (
        Award.objects.select_related(
            "enrolment__participant", "enrolment__cohort__programme", "enrolment__cohort__provider"
        )
        .filter(certificate_number=number)
        .first()
        if number
        else None
    )
    return render(request, "assessment/verify.html", {"number": number, "award": award, "checked": bool(number)})


@require_GET
@login_required
def exam_board_csv(request, cohort_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.exam_board")
    header, lines = exam_board_lines(exam_board(cohort))
    download_record(provider_id=cohort.provider_id, by=request.user, what="the exam-board report (CSV)", obj=cohort)
    return csv_response(f"Exam board - {cohort.name}.csv", header, lines)


@require_POST
@login_required
def exam_board_pdf(request, cohort_pk):
    """Ask for the exam-board report as PDF: it grows with the cohort, so a worker renders it and the next
    page shows progress."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.exam_board")
    with transaction.atomic():
        stored_file = stored_file_request(
            by=request.user,
            kind="exam-board",
            name=f"Exam board - {cohort.name} {cohort.academic_year}.pdf",
            task=render_exam_board.name,
            task_kwargs={"cohort_id": cohort.pk},
        )
        download_record(provider_id=cohort.provider_id, by=request.user, what="the exam-board report (PDF)", obj=cohort)
    return redirect("files:status", pk=stored_file.pk)
