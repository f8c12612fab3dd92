"""The headteacher's pages, reached by a signed link (no account): the head's view of their own staff, and
signing off a complete performance booklet. An expired link offers a new one by email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cohorts.services import download_record
from nasenco.accounts.client_ip import client_ip
from nasenco.files.uploads import PDF, check_file
from schools import services as school_services
from schools.forms import HeadLinkForm, SignForm
from schools.selectors import booklet_of, current_mentorship, schools_headed_by, staff_of_head
from schools.views.common import form_errors, pdf_response

from ..heads import head_overview

INK_MAX_BYTES = 20 * 1024 * 1024


def _head_or_page(request, token):
    """(head, None) for a good link, or (None, the page saying what went wrong)."""
    try:
        head = school_services.head_from_token(token)
    except school_services.HeadLinkExpired:
        return None, render(request, "assessment/heads/link_problem.html", {"expired": True}, status=410)
    except school_services.HeadLinkInvalid:
        return None, render(request, "assessment/heads/link_problem.html", {"expired": False}, status=404)
    return head, None


@require_GET
def head_view(request, token):
    head, problem = _head_or_page(request, token)
    if problem:
        return problem
    today = timezone.localdate()
    rows = head_overview(head, today=today)
    return render(request, "assessment/heads/view.html", {"head": head, "rows": rows, "token": token, "today": today})


def _booklet_place(request, head, pk):
    """One of the head's own staff, or (None, a page saying this is not theirs to sign)."""
    place = staff_of_head(head).select_related("participant__profile__school").filter(pk=pk).first()
    if place is None:
        context = {"head": head}
        return None, render(request, "assessment/heads/not_yours.html", context, status=404)
    return place, None


@require_http_methods(["GET", "POST"])
def head_booklet(request, token, pk):
    """Read the booklet; sign it off (typed, with a confirmation) or upload the ink-signed copy."""
    head, problem = _head_or_page(request, token)
    if problem:
        return problem
    place, problem = _booklet_place(request, head, pk)
    if problem:
        return problem
    form = SignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ink = None
        upload = form.cleaned_data.get("ink")
        try:
            if upload:
                checked = check_file(
                    upload,
                    allowed=(PDF,),
                    max_bytes=INK_MAX_BYTES,
                    empty="The file is empty: scan the signed booklet again.",
                    too_big="The scan is over 20 MB: scan it at a lower resolution.",
                )
                ink = (upload, checked)
            school_services.booklet_sign(
                enrolment=place,
                head_email=head.email,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                confirmed=form.cleaned_data["confirm"],
                ip=client_ip(request) or None,
                ink=ink,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Thank you: {place.participant.full_name}'s booklet is signed off.")
            return redirect("assessment:head", token=token)
    context = {
        "head": head,
        "token": token,
        "enrolment": place,
        "booklet": booklet_of(place),
        "mentorship": current_mentorship(place),
        "form": form,
    }
    return render(request, "assessment/heads/booklet.html", context, status=400 if form.errors else 200)


@require_GET
def head_booklet_pdf(request, token, pk):
    head, problem = _head_or_page(request, token)
    if problem:
        return problem
    place, problem = _booklet_place(request, head, pk)
    if problem:
        return problem
    download_record(
        provider_id=place.cohort.provider_id,
        by=None,
        what=f"the performance booklet (PDF) through the headteacher's link ({head.email})",
        obj=place,
        about=place.participant,
        label=place.participant.full_name,
    )
    return pdf_response(place)


@require_GET
@login_required
def head_mine(request):
    """A headteacher who prefers an account: signed in with the address their staff gave, straight to their
    school's view (one school) or a choice (several)."""
    schools = [
        {
            "name": name,
            "token": school_services.head_token(
                school_services.head_access_for(school_id=pk, email=request.user.email)
            ),
        }
        for pk, name in schools_headed_by(request.user.email)
    ]
    if len(schools) == 1:
        return redirect("assessment:head", token=schools[0]["token"])
    return render(request, "assessment/heads/mine.html", {"schools": schools})


@require_http_methods(["GET", "POST"])
def head_renew(request):
    """Ask for a new link. The answer is the same whether or not the address is a head's of record."""
    form = HeadLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school_services.head_link_request(email=form.cleaned_data["email"])
        return render(request, "assessment/heads/renew.html", {"sent_to": form.cleaned_data["email"]})
    return render(request, "assessment/heads/renew.html", {"form": form}, status=400 if form.errors else 200)
