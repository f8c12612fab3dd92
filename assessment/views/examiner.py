"""External examiners: read-only, for the cohorts they were named for, until their access ends. The
moderation sample with every mark and the feedback, the sampled work and portfolios, the scheme and the
exam-board report, without participants' contact details; and their own reports, which admins answer."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import cohorts_examined_by
from cohorts.services import download_record
from nasenco.access import object_or_404, require_perm
from nasenco.files.responses import private_file_response
from nasenco.files.uploads import check_evidence_upload
from portfolio.models import Evidence, Mapping

from .. import services
from ..models import ExaminerReport, ModerationMark, Submission
from ..selectors import cohort_for, exam_board, scheme_of


class ReportForm(forms.Form):
    text = forms.CharField(label="Your report", widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000)
    file = forms.FileField(label="The report as a file (optional)", required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return (upload, check_evidence_upload(upload, max_bytes=20 * 1024 * 1024)) if upload else None


class AnswerForm(forms.Form):
    response = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)


def _cohort(request, pk):
    require_perm(request.user, "assessment.examine")
    return object_or_404(cohorts_examined_by(request.user), pk=pk)


def _sample(cohort):
    return (
        Submission.objects.filter(enrolment__cohort=cohort, in_sample=True)
        .select_related("component", "enrolment__participant", "marker")
        .prefetch_related(Prefetch("moderation", queryset=ModerationMark.objects.order_by("at")))
        .order_by("component__order", "enrolment__participant__full_name", "attempt")
    )


@require_GET
@login_required
def examiner_home(request):
    require_perm(request.user, "assessment.examine")
    return render(request, "assessment/examiner_home.html", {"cohorts": cohorts_examined_by(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def examiner_cohort(request, cohort_pk):
    cohort = _cohort(request, cohort_pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.examiner_report_file(
                cohort=cohort, by=request.user, text=form.cleaned_data["text"], attachment=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, f"Your report is with {cohort.provider.name}; their answer will appear here.")
            return redirect("assessment:examiner-cohort", cohort_pk=cohort.pk)
    return render(
        request,
        "assessment/examiner_cohort.html",
        {
            "cohort": cohort,
            "components": scheme_of(cohort.programme),
            "sample": _sample(cohort),
            "board": exam_board(cohort),
            "reports": cohort.examiner_reports.filter(examiner=request.user),
            "form": form,
        },
    )


@require_GET
@login_required
def examiner_work(request, pk):
    """A sampled piece of work, for the examiner of its cohort."""
    submission = object_or_404(
        Submission.objects.select_related("enrolment__cohort", "enrolment__participant"), pk=pk, in_sample=True
    )
    cohort = _cohort(request, submission.enrolment.cohort_id)
    download_record(
        provider_id=cohort.provider_id,
        by=request.user,
        what="sampled work (external examiner)",
        obj=submission,
        about=submission.enrolment.participant,
        label=f"{submission.component.title} — {submission.candidate_number}",
    )
    name = f"{submission.candidate_number}.{submission.file_name.rsplit('.', 1)[-1]}"
    return private_file_response(request, submission.file, filename=name, content_type=submission.content_type)


@require_GET
@login_required
def examiner_portfolio(request, pk):
    """The portfolio of a participant whose work is in the sample, read-only, without contact details."""
    submission = object_or_404(
        Submission.objects.select_related("enrolment__cohort", "enrolment__participant"), pk=pk, in_sample=True
    )
    cohort = _cohort(request, submission.enrolment.cohort_id)
    evidence = (
        Evidence.objects.filter(portfolio__enrolment=submission.enrolment)
        .prefetch_related(
            Prefetch("mappings", queryset=Mapping.objects.select_related("outcome").order_by("outcome__code"))
        )
        .order_by("activity_date", "pk")
    )
    return render(
        request,
        "assessment/examiner_portfolio.html",
        {"cohort": cohort, "submission": submission, "evidence": evidence},
    )


@require_GET
@login_required
def report_file(request, pk):
    """An examiner's report file: for its writer and the cohort's admins."""
    report = object_or_404(ExaminerReport.objects.exclude(file="").select_related("cohort"), pk=pk)
    if report.examiner_id != request.user.pk:
        cohort_for(request.user, report.cohort_id, "assessment.exam_board")
    return private_file_response(request, report.file, filename=report.file_name, content_type=report.file_type)


@require_GET
@login_required
def cohort_reports(request, cohort_pk):
    """The examiners' reports on a cohort, for its admins to read and answer."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.exam_board")
    reports = cohort.examiner_reports.select_related("responded_by")
    return render(
        request, "assessment/examiner_reports.html", {"cohort": cohort, "reports": reports, "form": AnswerForm()}
    )


@require_POST
@login_required
def report_answer(request, pk):
    report = object_or_404(ExaminerReport.objects.select_related("cohort"), pk=pk)
    cohort = cohort_for(request.user, report.cohort_id, "assessment.exam_board")
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.examiner_report_answer(report=report, by=request.user, response=form.cleaned_data["response"])
        messages.success(request, f"Your answer to {report.examiner_name} is saved; they see it on their page.")
    else:
        messages.error(request, "Write the answer before saving it.")
    return redirect("assessment:examiner-reports", cohort_pk=cohort.pk)
