"""The headteacher's page, reached through a signed, expiring link: no account, only this one application."""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from nasenco.files.storage import STORAGE_ERRORS, STORAGE_TRY_AGAIN
from nasenco.pdf import render_pdf

from .. import services
from ..forms import DeclarationUploadForm
from ..models import Declaration

logger = logging.getLogger(__name__)


def _declaration_or_error(request, token):
    try:
        return services.declaration_from_token(token), None
    except services.LinkExpired:
        return None, render(request, "enrolment/declaration_link_problem.html", {"expired": True}, status=410)
    except services.LinkInvalid:
        return None, render(request, "enrolment/declaration_link_problem.html", {"expired": False}, status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def declaration(request, token):
    found, problem = _declaration_or_error(request, token)
    if problem:
        return problem
    form = DeclarationUploadForm(
        request.POST or None, request.FILES or None, initial={"signed_by": found.enrolment.headteacher_name}
    )
    can_upload = found.status in (Declaration.Status.SENT, Declaration.Status.REJECTED, Declaration.Status.UPLOADED)
    if request.method == "POST" and can_upload and form.is_valid():
        try:
            services.declaration_upload(
                declaration=found,
                upload=form.cleaned_data["scan"],
                checked=form.checked,
                signed_by=form.cleaned_data["signed_by"],
                dbs_confirmed=form.cleaned_data["dbs_confirmed"],
            )
        except STORAGE_ERRORS:
            logger.exception("File storage refused a declaration scan")
            form.add_error(None, STORAGE_TRY_AGAIN)
        else:
            messages.success(request, "Thank you. The signed declaration is uploaded; the provider will check it.")
            return redirect("enrolment:declaration", token=token)
    return render(
        request,
        "enrolment/declaration.html",
        {
            "declaration": found,
            "enrolment": found.enrolment,
            "profile": getattr(found.enrolment.participant, "profile", None),
            "form": form,
            "can_upload": can_upload,
            "token": token,
        },
    )


@never_cache
@require_GET
def declaration_pdf(request, token):
    """The declaration, filled in, to print and sign by hand."""
    found, problem = _declaration_or_error(request, token)
    if problem:
        return problem
    enrolment = found.enrolment
    pdf = render_pdf(
        "enrolment/declaration_pdf.html",
        {
            "declaration": found,
            "enrolment": enrolment,
            "profile": getattr(enrolment.participant, "profile", None),
            "clauses": found.clauses.splitlines(),
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"Headteacher declaration - {enrolment.participant.full_name}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)  # RFC 6266: non-ASCII names kept
    return response
