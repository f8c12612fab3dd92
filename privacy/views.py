"""A person's own data, and a provider admin acting for a participant."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cohorts.selectors import administered_provider_ids
from cohorts.services import download_record
from enrolment.selectors import get_enrolment_for
from nasenco.access import require_perm
from nasenco.dates import long_date
from nasenco.files.services import stored_file_request

from . import services
from .inventory import HOLDINGS
from .models import ErasureRequest
from .tasks import render_subject_access


def _prepare(request, person, *, provider_id=None):
    with transaction.atomic():
        stored = stored_file_request(
            by=request.user,
            kind="subject-access",
            name=f"Personal data - {person.full_name or person.email}.zip",
            task=render_subject_access.name,
            task_kwargs={"user_id": person.pk},
        )
        if provider_id is not None:  # an admin exporting a participant's data
            download_record(
                provider_id=provider_id,
                by=request.user,
                what="all personal data (subject access)",
                about=person,
                label=person.full_name,
            )
    return redirect("files:status", pk=stored.pk)


@require_GET
@login_required
def my_data(request):
    requests = ErasureRequest.objects.filter(person=request.user).select_related("provider")
    return render(request, "privacy/my_data.html", {"holdings": _described(), "requests": requests})


@require_POST
@login_required
def my_erasure_request(request):
    """The participant asks their provider(s) to erase their data; the one-month clock starts today."""
    try:
        made = services.erasure_request(user=request.user, reason=request.POST.get("reason", "")[:5000])
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        names = ", ".join(r.provider.name for r in made)
        messages.success(request, f"Sent to {names}: they answer by {long_date(made[0].respond_by)}.")
    return redirect("privacy:my-data")


def _described() -> list[tuple[str, str]]:
    """Each holding as people read it: the kind of record, and why it is held."""
    return [(apps.get_model(h.model)._meta.verbose_name.capitalize(), h.why) for h in HOLDINGS]


@require_POST
@login_required
def my_data_export(request):
    return _prepare(request, request.user)


def _participant_for(request, pk):
    """The participant of an application the admin's providers hold; refused when another provider holds
    some of their data too (the platform operator acts then)."""
    enrolment = get_enrolment_for(request.user, pk)  # 404 outside the admin's providers
    require_perm(request.user, "privacy.manage_personal_data")
    person = enrolment.participant
    elsewhere = services.other_providers_hold(person, administered_provider_ids(request.user))
    return enrolment, person, elsewhere


@require_GET
@login_required
def participant_data(request, pk):
    """What exporting or erasing this participant's data does, with a confirmation before erasure."""
    enrolment, person, elsewhere = _participant_for(request, pk)
    refusal = services.erasure_refusal(person, today=timezone.localdate())
    return render(
        request,
        "privacy/participant.html",
        {
            "enrolment": enrolment,
            "person": person,
            "elsewhere": elsewhere,
            "refusal": refusal,
            "holdings": _described(),
            "requests": ErasureRequest.objects.filter(
                person=person, provider_id__in=administered_provider_ids(request.user)
            ).order_by("-created"),
        },
    )


@require_POST
@login_required
def participant_export(request, pk):
    enrolment, person, elsewhere = _participant_for(request, pk)
    if elsewhere:
        messages.error(request, "Another provider holds some of this person's data: ask the platform operator.")
        return redirect("privacy:participant", pk=pk)
    return _prepare(request, person, provider_id=enrolment.cohort.provider_id)


@require_POST
@login_required
def participant_erase(request, pk):
    _, person, elsewhere = _participant_for(request, pk)
    if elsewhere:
        messages.error(request, "Another provider holds some of this person's data: ask the platform operator.")
        return redirect("privacy:participant", pk=pk)
    if request.POST.get("confirm") != "erase":
        messages.error(request, "Tick the box to confirm: erasure cannot be undone.")
        return redirect("privacy:participant", pk=pk)
    name = person.full_name
    try:
        services.participant_erase(user=person, by=request.user, today=timezone.localdate())
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("privacy:participant", pk=pk)
    messages.success(request, f"{name}'s personal data is erased. Their certificate, if any, can still be verified.")
    return redirect("enrolment:pipeline")
