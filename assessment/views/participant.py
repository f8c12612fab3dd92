"""A participant's assessment: components, due dates, extensions, handing in, released marks and feedback."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.services import download_record
from curriculum.selectors import assessment_refusal
from enrolment.selectors import current_enrolment
from nasenco.access import object_or_404
from nasenco.files.responses import private_file_response
from nasenco.files.storage import STORAGE_ERRORS, STORAGE_TRY_AGAIN
from nasenco.files.uploads import check_evidence_upload
from nasenco.files.words import count_words

from .. import services
from ..forms import ExtensionForm, SubmissionForm
from ..models import Component
from ..selectors import get_submission_for, my_assessment, sitting_of

logger = logging.getLogger(__name__)


def _enrolment_and_component(request, component_pk):
    enrolment = current_enrolment(request.user)
    if enrolment is None:
        raise PermissionDenied
    component = object_or_404(Component.objects.filter(programme_id=enrolment.cohort.programme_id), pk=component_pk)
    return enrolment, component


@require_GET
@login_required
def mine(request):
    enrolment = current_enrolment(request.user)
    award = getattr(enrolment, "award", None) if enrolment else None
    rows = my_assessment(enrolment) if enrolment else []
    return render(request, "assessment/mine.html", {"enrolment": enrolment, "award": award, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def submit(request, component_pk):
    enrolment, component = _enrolment_and_component(request, component_pk)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                enrolment=enrolment,
                component=component,
                upload=form.cleaned_data["file"],
                checked=form.checked,
                word_count=form.cleaned_data["word_count"],
                own_work=form.cleaned_data["own_work"],
            )
        except STORAGE_ERRORS:
            logger.exception("File storage refused work handed in")
            form.add_error(None, STORAGE_TRY_AGAIN)
        except ValidationError as error:
            for field, field_messages in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(
                request,
                f"Received: {component.title}, attempt {submission.attempt}, {submission.file_name}, "
                f"{submission.word_count:,} words, at {timezone.localtime(submission.submitted_at):%H:%M on %-d %B %Y}"
                f"{' (late)' if submission.late else ''}. A copy of this receipt is on its way to your email.",
            )
            return redirect("assessment:mine")
    refusal = assessment_refusal(enrolment)
    if component.kind == Component.Kind.CASE_STUDY and not (sitting := sitting_of(enrolment, component)).is_open:
        refusal = sitting.message  # the window first: engagement matters only within it
    return render(request, "assessment/submit.html", {"form": form, "component": component, "refusal": refusal})


@require_POST
@login_required
def word_count(request, component_pk):
    """The words in the file a participant has just chosen to hand in, for them to confirm (word-count.js):
    read and counted, never kept."""
    _enrolment_and_component(request, component_pk)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"words": None, "message": "Choose your work first."}, status=400)
    try:
        checked = check_evidence_upload(upload, max_bytes=20 * 1024 * 1024)
    except ValidationError as error:
        return JsonResponse({"words": None, "message": " ".join(error.messages)}, status=400)
    words = count_words(upload, checked.extension)
    message = (
        f"We counted {words:,} words in {upload.name}, references and appendices included. Your count leaves "
        "them out: check it and correct it if it differs."
        if words
        else "We could not count the words in this file: enter your own count."
    )
    return JsonResponse({"words": words, "message": message})


@require_http_methods(["GET", "POST"])
@login_required
def extension(request, component_pk):
    enrolment, component = _enrolment_and_component(request, component_pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(enrolment=enrolment, component=component, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field, field_messages)
        else:
            messages.success(request, "Your request is with your provider; you will see their decision here.")
            return redirect("assessment:mine")
    return render(request, "assessment/extension.html", {"form": form, "component": component})


@require_GET
@login_required
def submission_file(request, pk):
    submission = get_submission_for(request.user, pk)
    name = submission.file_name
    if submission.component.anonymous_marking and submission.enrolment.participant_id != request.user.pk:
        name = f"{submission.candidate_number}.{name.rsplit('.', 1)[-1]}"  # the name may give the author away
    _opened_by_staff(request, submission, "the work handed in")
    return private_file_response(request, submission.file, filename=name, content_type=submission.content_type)


@require_GET
@login_required
def feedback_file(request, pk):
    """The annotated copy: for the participant once released; for staff at any time."""
    submission = get_submission_for(request.user, pk)
    own = submission.enrolment.participant_id == request.user.pk
    if not submission.feedback_file or (own and submission.status != submission.Status.RELEASED):
        raise Http404
    _opened_by_staff(request, submission, "the annotated copy")
    return private_file_response(
        request,
        submission.feedback_file,
        filename=submission.feedback_file_name,
        content_type="application/octet-stream",
    )


def _opened_by_staff(request, submission, what: str) -> None:
    enrolment = submission.enrolment
    download_record(
        provider_id=enrolment.cohort.provider_id,
        by=request.user,
        what=what,
        obj=submission,
        about=enrolment.participant,
        label=f"{submission.component.title} (attempt {submission.attempt}) — {enrolment.participant.full_name}",
    )
