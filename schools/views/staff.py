"""Provider admins: mentors for a cohort's participants; the booklet's sections and items per programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.selectors import get_cohort_for, get_programme_for
from enrolment.models import Enrolment
from nasenco.access import object_or_404, require_perm

from .. import services
from ..forms import ItemForm, SectionForm
from ..models import BookletItem
from ..selectors import booklet_counts_for, mentorships_of_cohort, structure_of
from .common import form_errors
from .participant import mentor_page


@require_http_methods(["GET", "POST"])
@login_required
def cohort_mentors(request, cohort_pk):
    cohort = get_cohort_for(request.user, cohort_pk)
    require_perm(request.user, "schools.manage_mentors", cohort)
    places = list(
        cohort.enrolments.filter(status__in=Enrolment.ON_PROGRAMME)
        .select_related("participant")
        .order_by("participant__full_name")
    )
    chosen = request.POST.get("enrolment") or request.GET.get("enrolment")
    if chosen:  # one participant's mentor: the form, then the invitation
        enrolment = object_or_404(cohort.enrolments.all(), pk=chosen)
        return mentor_page(
            request,
            enrolment,
            back="schools:cohort-mentors",
            template="schools/mentor_for.html",
            cohort_pk=cohort.pk,
        )
    mentors = mentorships_of_cohort(cohort)
    counts = booklet_counts_for([p.pk for p in places])
    rows = [{"enrolment": p, "mentorship": mentors.get(p.pk), "booklet": counts.get(p.pk)} for p in places]
    return render(request, "schools/cohort_mentors.html", {"cohort": cohort, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def booklet_structure(request, pk):
    programme = get_programme_for(request.user, pk)
    require_perm(request.user, "schools.change_booklet", programme)
    sections = programme.booklet_sections.all()
    section_form = SectionForm(request.POST if request.POST.get("add") == "section" else None, prefix="section")
    item_form = ItemForm(request.POST if request.POST.get("add") == "item" else None, sections=sections, prefix="item")
    if request.method == "POST" and request.POST.get("add") == "ink":
        services.booklet_ink_set(programme=programme, required=request.POST.get("ink") == "on", by=request.user)
        messages.success(request, "Saved how the booklet is signed.")
        return redirect("schools:booklet-structure", pk=programme.pk)
    if request.method == "POST":
        try:
            if request.POST.get("add") == "section" and section_form.is_valid():
                services.booklet_section_add(programme=programme, by=request.user, **section_form.cleaned_data)
                messages.success(request, "Section added.")
                return redirect("schools:booklet-structure", pk=programme.pk)
            if request.POST.get("add") == "item" and item_form.is_valid():
                services.booklet_item_add(by=request.user, **item_form.cleaned_data)
                messages.success(request, "Item added.")
                return redirect("schools:booklet-structure", pk=programme.pk)
        except ValidationError as error:
            form_errors(item_form if request.POST.get("add") == "item" else section_form, error)
    bad = section_form.errors or item_form.errors
    context = {
        "programme": programme,
        "sections": structure_of(programme),
        "section_form": section_form,
        "item_form": item_form,
    }
    return render(request, "schools/booklet_structure.html", context, status=400 if bad else 200)


@require_POST
@login_required
def item_remove(request, pk):
    item = object_or_404(BookletItem.objects.select_related("section__programme"), pk=pk)
    programme = get_programme_for(request.user, item.section.programme_id)
    require_perm(request.user, "schools.change_booklet", programme)
    try:
        services.booklet_item_remove(item=item, by=request.user)
        messages.success(request, f"“{item.title}” removed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("schools:booklet-structure", pk=programme.pk)
