"""External examiners' reports, and the provider's answers. Both are in the activity log."""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from cohorts.services import activity_record
from nasenco.files.uploads import clean_filename

from ..models import ExaminerReport


@transaction.atomic
def examiner_report_file(*, cohort, by, text: str, attachment=None) -> ExaminerReport:
    """``attachment`` is (upload, checked), already checked by content."""
    if not text.strip():
        raise ValidationError({"text": "Write the report, or a summary of the attached one."})
    report = ExaminerReport(cohort=cohort, examiner=by, examiner_name=by.full_name, text=text.strip())
    if attachment is not None:
        upload, checked = attachment
        report.file.save(f"report.{checked.extension}", File(upload), save=False)
        report.file_name, report.file_type = clean_filename(upload.name), checked.content_type
    report.save()
    activity_record(
        provider_id=cohort.provider_id,
        by=by,
        action="examiner.report",
        summary="External examiner's report filed",
        obj=report,
        label=cohort.name,
    )
    return report


@transaction.atomic
def examiner_report_answer(*, report: ExaminerReport, by, response: str) -> ExaminerReport:
    if not response.strip():
        raise ValidationError({"response": "Write the provider's answer."})
    locked = ExaminerReport.objects.select_for_update().select_related("cohort").get(pk=report.pk)
    old = locked.response
    locked.response, locked.responded_by, locked.responded_at = response.strip(), by, timezone.now()
    locked.save(update_fields=["response", "responded_by", "responded_at"])
    activity_record(
        provider_id=locked.cohort.provider_id,
        by=by,
        action="examiner.answered",
        summary="Answer to the external examiner's report",
        obj=locked,
        label=locked.cohort.name,
        changes={"response": (old or None, locked.response)},
    )
    return locked
