"""Award decisions for a cohort, certificates and transcripts, and the public verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enrolment.models import Enrolment
from nasenco.access import object_or_404
from nasenco.dates import long_date
from nasenco.pdf import render_pdf

from .. import services
from ..award import decide_award
from ..models import Award, Submission
from ..selectors import achievements_for, cohort_for


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
    enrolment = object_or_404(cohort.enrolments.all(), pk=enrolment_pk)
    try:
        award = services.award_confirm(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Awarded: certificate {award.certificate_number}.")
    return redirect("assessment:awards", cohort_pk=cohort.pk)


def _own_award(request, pk) -> Award:
    """The participant's own award, or one in a cohort the staff member runs; 404 otherwise."""
    from cohorts.selectors import cohorts_visible_to

    awards = Award.objects.select_related(
        "enrolment__participant", "enrolment__cohort__programme", "enrolment__cohort__provider"
    )
    from django.db.models import Q

    visible = awards.filter(
        Q(enrolment__participant=request.user) | Q(enrolment__cohort__in=cohorts_visible_to(request.user).values("pk"))
    )
    return object_or_404(visible, pk=pk)


def _pdf(template, context, filename) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def certificate(request, pk):
    award = _own_award(request, pk)
    return _pdf("assessment/certificate_pdf.html", {"award": award}, f"Certificate {award.certificate_number}.pdf")


@require_GET
@login_required
def transcript(request, pk):
    award = _own_award(request, pk)
    results = (
        Submission.objects.filter(enrolment=award.enrolment, status=Submission.Status.RELEASED)
        .select_related("component")
        .order_by("component__order", "attempt")
    )
    return _pdf(
        "assessment/transcript_pdf.html",
        {"award": award, "results": results},
        f"Transcript {award.certificate_number}.pdf",
    )


@require_http_methods(["GET"])
def verify(request):
    """Anyone can check a certificate number: it shows only the name, the award and the date."""
    number = (request.GET.get("number") or "").strip().upper()
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


def _board_lines(board) -> tuple[list[str], list[list[str]]]:
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


@require_GET
@login_required
def exam_board_csv(request, cohort_pk):
    from nasenco.spreadsheets import csv_response

    from ..selectors import exam_board

    cohort = cohort_for(request.user, cohort_pk, "assessment.exam_board")
    header, lines = _board_lines(exam_board(cohort))
    return csv_response(f"Exam board - {cohort.name}.csv", header, lines)


@require_GET
@login_required
def exam_board_pdf(request, cohort_pk):
    from ..selectors import exam_board

    cohort = cohort_for(request.user, cohort_pk, "assessment.exam_board")
    header, lines = _board_lines(exam_board(cohort))
    return _pdf(
        "assessment/exam_board_pdf.html",
        {"cohort": cohort, "header": header, "lines": lines, "generated": timezone.localtime()},
        f"Exam board - {cohort.name}.pdf",
    )
