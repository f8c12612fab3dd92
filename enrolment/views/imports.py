"""Bringing in a list of participants for a cohort: upload, check every line, then confirm."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import cohorts_administered_by
from nasenco.access import object_or_404, require_perm

from .. import services
from ..imports import ACCEPTED, HEADINGS
from ..models import ImportBatch

VERDICTS = {
    "new": "New person: an account is made and they are emailed",
    "existing": "Has an account: gets a place",
    "on-cohort": "Already on this cohort: skipped",
    "duplicate": "Repeated in this file: skipped",
    "invalid": "Cannot be used",
    "closed": "Refused: this course cannot count (reg. 49(7))",
    "over": "Does not fit: the cohort is full by then",
    "waiting": "Put on the waiting list and told so",
    "refused": "Refused when adding",
}


class ImportForm(forms.Form):
    file = forms.FileField(label="The list, as CSV or Excel (.xlsx)")


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request, cohort_pk):
    require_perm(request.user, "enrolment.manage_applications")
    cohort = object_or_404(cohorts_administered_by(request.user), pk=cohort_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_preview(cohort=cohort, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("enrolment:import-preview", pk=batch.pk)
    headings = [names[0] for names in HEADINGS.values()]
    return render(
        request,
        "enrolment/import_upload.html",
        {"cohort": cohort, "form": form, "headings": headings, "accepted": ACCEPTED},
    )


def _batch_for(request, pk) -> ImportBatch:
    require_perm(request.user, "enrolment.manage_applications")
    batches = ImportBatch.objects.filter(cohort__in=cohorts_administered_by(request.user)).select_related("cohort")
    return object_or_404(batches, pk=pk)


@require_GET
@login_required
def import_preview(request, pk):
    batch = _batch_for(request, pk)
    counts = [(VERDICTS[v], batch.count(v), v) for v in VERDICTS if batch.count(v)]
    return render(
        request,
        "enrolment/import_preview.html",
        {
            "batch": batch,
            "counts": counts,
            "verdicts": VERDICTS,
            "before": services.imported_before(batch),
            "over": batch.count("over"),
            "percent": int(100 * batch.done_rows / len(batch.rows)) if batch.rows else 100,
        },
    )


@require_POST
@login_required
def import_confirm(request, pk):
    batch = _batch_for(request, pk)
    try:
        batch = services.import_confirm(batch=batch, by=request.user, over=request.POST.get("over", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch.status == ImportBatch.Status.DONE:
            waiting = batch.count("waiting")
            more = f"; {waiting} on the waiting list, each emailed" if waiting else ""
            messages.success(request, f"{batch.added} participant(s) added to {batch.cohort.name}{more}.")
    return redirect("enrolment:import-preview", pk=batch.pk)
