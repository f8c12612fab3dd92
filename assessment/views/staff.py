"""Staff: the marking queue, allocation, marking against the rubric, extensions, and release."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum.selectors import areas_of, plan_of
from nasenco.access import object_or_404, require_perm
from nasenco.confirm import confirm_page
from nasenco.mail.services import email_render
from schools.selectors import current_mentorship, mentorships_of_cohort

from .. import services
from ..forms import AutosaveForm, MarkForm, ModerationForm
from ..marks import band_for
from ..models import Component, Extension
from ..selectors import cohort_for, get_component_of, get_submission_for, marking_queue
from ..work import next_to_mark


@require_GET
@login_required
def queue(request, cohort_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.view_queue")
    work = marking_queue(cohort)
    mentors = {pk: m.mentor for pk, m in mentorships_of_cohort(cohort).items() if m.mentor_id}
    for s in work["submissions"]:  # a component the mentor marks may go to the participant's mentor
        s.mentor_choice = mentors.get(s.enrolment_id) if s.component.mentor_marks else None
    return render(
        request,
        "assessment/queue.html",
        {
            "cohort": cohort,
            **work,
            "can_allocate": request.user.has_perm("assessment.allocate", cohort),
            "can_decide_extensions": request.user.has_perm("assessment.decide_extension", cohort),
            "can_draw_sample": request.user.has_perm("assessment.draw_sample", cohort),
            "can_release": request.user.has_perm("assessment.release", cohort),
            "markers": cohort.tutors.order_by("full_name"),
        },
    )


@require_POST
@login_required
def allocate(request, cohort_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.allocate")
    try:
        done = services.allocate_balanced(cohort=cohort, markers=cohort.tutors.order_by("pk"), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{done} submission(s) shared between the cohort's tutors.")
    return redirect("assessment:queue", cohort_pk=cohort.pk)


@require_POST
@login_required
def release(request, cohort_pk, component_pk):
    """Asked first: who gets their mark and the email they will receive; released when confirmed."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.release")
    component = get_component_of(cohort, component_pk)
    try:
        if request.POST.get("confirmed") != "1":
            ready = services.release_ready(cohort=cohort, component=component)
            return _confirm_release(request, cohort, component, ready)
        count = services.release(cohort=cohort, component=component, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} mark(s) released for {component.title}; participants are told.")
    return redirect("assessment:queue", cohort_pk=cohort.pk)


@require_POST
@login_required
def decide_extension(request, cohort_pk, pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.decide_extension")
    extension = object_or_404(Extension.objects.filter(enrolment__cohort=cohort), pk=pk)
    try:
        services.extension_decide(
            extension=extension,
            by=request.user,
            approve=request.POST.get("approve") == "1",
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:queue", cohort_pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def mark(request, pk):
    """Only the allocated marker marks; the work is linked beside the rubric."""
    submission = get_submission_for(request.user, pk)
    require_perm(request.user, "assessment.mark", submission)
    component = submission.component
    pass_mark = submission.component.pass_mark
    initial = {
        "version": submission.version,
        "feedback": submission.feedback,
        **{f"c{k}": v for k, v in (submission.criterion_marks or {}).items()},
        **{f"b{k}": band_for(v, pass_mark).label for k, v in (submission.criterion_marks or {}).items()},
        **{f"f{k}": v for k, v in (submission.criterion_feedback or {}).items()},
    }
    form = MarkForm(request.POST or None, request.FILES or None, component=component, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mark_save(
                submission=submission,
                by=request.user,
                criterion_marks=form.criterion_marks(),
                criterion_feedback=form.criterion_feedback(),
                passed=form.cleaned_data.get("passed"),
                feedback=form.cleaned_data["feedback"],
                expected_version=form.cleaned_data["version"],
                feedback_file=(form.cleaned_data["feedback_file"], form.feedback_checked)
                if form.cleaned_data.get("feedback_file")
                else None,
            )
        except services.MarkConflict:
            conflict = get_submission_for(request.user, pk)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            if saved.final_mark is None:
                outcome = "Pass" if saved.passed else "Fail"
            else:
                outcome = f"{saved.final_mark}, {band_for(saved.final_mark, component.pass_mark).label}"
            messages.success(request, f"Saved: {outcome}. The participant sees it once the mark is released.")
            if request.POST.get("next") == "1":
                following = next_to_mark(request.user, after=saved)
                if following is None:
                    messages.info(request, "That was the last piece allocated to you.")
                    return redirect("assessment:my-work")
                return redirect("assessment:mark", pk=following.pk)
            return redirect("assessment:mark", pk=pk)
    return render(
        request,
        "assessment/mark.html",
        {
            "submission": submission,
            "component": component,
            "form": form,
            "conflict": conflict,
            "framework": _framework_of(component),
        },
    )


def _framework_of(component):
    """A case study is judged against the framework its programme delivers: its areas, shown to the marker."""
    if component.kind != Component.Kind.CASE_STUDY:
        return None
    plan = plan_of(component.programme)
    return {"framework": plan.framework, "areas": areas_of(plan.framework)} if plan else None


@require_POST
@login_required
def draw_sample(request, cohort_pk, component_pk):
    """Asked first: which pieces go to second marking; drawn when confirmed."""
    cohort = cohort_for(request.user, cohort_pk, "assessment.draw_sample")
    component = get_component_of(cohort, component_pk)
    try:
        if request.POST.get("confirmed") != "1":
            chosen = services.sample_candidates(cohort=cohort, component=component)
            return confirm_page(
                request,
                title=f"Draw the moderation sample for {component.title}?",
                lead=f"{len(chosen)} piece(s) of {cohort.name}'s work go to blind second marking: "
                + (
                    "every fail and a share of each marker's passes."
                    if component.kind == Component.Kind.CASE_STUDY
                    else "every fail, every mark of 70 or more, marks near a boundary and a share of each marker's "
                    "work."
                )
                + " Nobody is emailed; the pieces show as “Awaiting second marking” in the marking queue.",
                affected=[
                    f"{s.label_for_marker()} — marked by {s.marker.full_name if s.marker else 'nobody'}" for s in chosen
                ],
                button="Draw the sample",
                back=reverse("assessment:queue", args=[cohort.pk]),
            )
        count = services.sample_draw(cohort=cohort, component=component, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} piece(s) of {component.title} added to the moderation sample.")
    return redirect("assessment:queue", cohort_pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def moderate(request, pk):
    """Blind second (or third) marking: the first mark is not shown."""
    submission = get_submission_for(request.user, pk)
    cohort = submission.enrolment.cohort
    require_perm(request.user, "assessment.moderate", submission)
    role = services.next_role(submission)
    form = ModerationForm(request.POST or None, pass_fail=submission.component.kind == Component.Kind.CASE_STUDY)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_mark_save(
                submission=submission,
                by=request.user,
                mark=form.cleaned_data["mark"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as refused:
            form.add_error(None, " ".join(refused.messages))
        else:
            messages.success(request, "Moderation mark recorded.")
            return redirect("assessment:queue", cohort_pk=cohort.pk)
    return render(
        request,
        "assessment/moderate.html",
        {"submission": submission, "role": role, "form": form},
    )


@require_POST
@login_required
def autosave(request, pk):
    """htmx: keep the marker's draft as they type; answers with the new version and a short status."""
    submission = get_submission_for(request.user, pk)
    require_perm(request.user, "assessment.mark", submission)
    form = AutosaveForm(request.POST, component=submission.component)
    if not form.is_valid():
        return render(request, "assessment/_autosave.html", {"conflict": True})
    try:
        saved = services.mark_draft_save(
            submission=submission,
            by=request.user,
            criterion_marks=form.criterion_marks(),
            criterion_feedback=form.criterion_feedback(),
            feedback=form.cleaned_data["feedback"],
            expected_version=form.cleaned_data["version"],
        )
    except services.MarkConflict:
        return render(request, "assessment/_autosave.html", {"conflict": True})
    except ValidationError as error:
        return render(request, "assessment/_autosave.html", {"error": " ".join(error.messages)})
    return render(request, "assessment/_autosave.html", {"version": saved.version, "at": timezone.localtime()})


@require_POST
@login_required
def allocate_one(request, pk):
    """Manual allocation: an admin gives one piece to one of the cohort's tutors."""
    submission = get_submission_for(request.user, pk)
    cohort = cohort_for(request.user, submission.enrolment.cohort_id, "assessment.allocate")
    marker_id = request.POST.get("marker", "")
    marker = cohort.tutors.filter(pk=marker_id).first() if marker_id.isdigit() else None
    mentorship = current_mentorship(submission.enrolment) if submission.component.mentor_marks else None
    if marker is None and mentorship and mentorship.mentor_id and str(mentorship.mentor_id) == marker_id:
        marker = mentorship.mentor
    if marker_id and marker is None:
        messages.error(request, "Choose one of the cohort's tutors (or, where they mark, the participant's mentor).")
    else:
        services.allocate(submission=submission, marker=marker, by=request.user)
        messages.success(request, f"{submission.label_for_marker()}: {'marker set' if marker else 'no marker now'}.")
    return redirect("assessment:queue", cohort_pk=cohort.pk)


def _confirm_release(request, cohort, component, ready):
    example = ready[0] if ready else None
    preview = (
        email_render(
            "assessment/email/released",
            {"submission": example, "component": component, "programme": component.programme.short_name},
        )
        if example
        else None
    )
    return confirm_page(
        request,
        title=f"Release {component.title} to {len(ready)} participant(s)?",
        lead="Each sees their mark and feedback at once and is emailed. Released marks change only through moderation.",
        affected=[
            f"{s.enrolment.participant.full_name}: "
            + (f"{s.final_mark}" if s.final_mark is not None else ("pass" if s.passed else "fail"))
            for s in ready
        ],
        email=preview,
        button=f"Release {len(ready)} mark(s)",
        back=reverse("assessment:queue", args=[cohort.pk]),
    )
