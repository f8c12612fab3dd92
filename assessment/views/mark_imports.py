"""Marks given offline, from a spreadsheet: upload, check every line, then apply."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.selectors import cohorts_administered_by
from nasenco.access import object_or_404

from .. import services
from ..models import MarkImport
from ..selectors import cohort_for, get_component_of

VERDICTS = {
    "mark": "Will be recorded",
    "same": "Already recorded: unchanged",
    "no-work": "Nothing handed in: skipped",
    "duplicate": "Repeated: skipped",
    "released": "Released: not changed",
    "invalid": "Cannot be used",
}


class MarksForm(forms.Form):
    file = forms.FileField(label="The marks, as CSV or Excel (.xlsx)")


@require_http_methods(["GET", "POST"])
@login_required
def marks_upload(request, cohort_pk, component_pk):
    cohort = cohort_for(request.user, cohort_pk, "assessment.import_marks")
    component = get_component_of(cohort, component_pk)
    form = MarksForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.mark_import_preview(
                cohort=cohort, component=component, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("assessment:marks-import", pk=batch.pk)
    return render(request, "assessment/marks_upload.html", {"cohort": cohort, "component": component, "form": form})


def _batch(request, pk) -> MarkImport:
    batches = MarkImport.objects.filter(cohort__in=cohorts_administered_by(request.user)).select_related(
        "cohort", "component"
    )
    batch = object_or_404(batches, pk=pk)
    cohort_for(request.user, batch.cohort_id, "assessment.import_marks")
    return batch


@require_GET
@login_required
def marks_preview(request, pk):
    batch = _batch(request, pk)
    counts = [(VERDICTS[v], batch.count(v), v) for v in VERDICTS if batch.count(v)]
    context = {"batch": batch, "counts": counts, "verdicts": VERDICTS, "to_apply": batch.count("mark")}
    return render(request, "assessment/marks_preview.html", context)


@require_POST
@login_required
def marks_apply(request, pk):
    batch = _batch(request, pk)
    try:
        applied = services.mark_import_apply(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{applied} mark(s) recorded, each in the mark history as imported by you.")
    return redirect("assessment:marks-import", pk=batch.pk)
