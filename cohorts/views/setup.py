"""Provider admins keep their own venues and programmes (the platform admin is for operators only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nasenco.access import require_perm
from nasenco.files.responses import private_file_response

from .. import services
from ..forms import PartnerForm, ProgrammeForm, ProviderForm, VenueForm
from ..models import Programme, Provider, Venue
from ..selectors import (
    administered_provider_ids,
    get_programme_for,
    get_provider_administered_by,
    get_venue_for,
    programmes_administered_by,
    venues_administered_by,
)

KINDS = {
    Venue: ("venue", VenueForm, services.venue_create, services.venue_update, "cohorts:venue-list"),
    Programme: (
        "programme",
        ProgrammeForm,
        services.programme_create,
        services.programme_update,
        "cohorts:programme-list",
    ),
}


@require_GET
@login_required
def venue_list(request):
    require_perm(request.user, "cohorts.create_cohort")
    venues = venues_administered_by(request.user).order_by("provider__name", "name")
    return render(request, "cohorts/venue_list.html", {"venues": venues})


@require_GET
@login_required
def programme_list(request):
    require_perm(request.user, "cohorts.create_cohort")
    programmes = programmes_administered_by(request.user).order_by("provider__name", "title")
    return render(request, "cohorts/programme_list.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
@login_required
def venue_edit(request, pk=None):
    require_perm(request.user, "cohorts.create_cohort")
    return _edit(request, Venue, get_venue_for(request.user, pk) if pk else Venue())


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request, pk=None):
    require_perm(request.user, "cohorts.create_cohort")
    return _edit(request, Programme, get_programme_for(request.user, pk) if pk else Programme())


def _edit(request, model, instance):
    noun, form_class, create, update, list_url = KINDS[model]
    providers = Provider.objects.filter(pk__in=administered_provider_ids(request.user))
    form = form_class(request.POST or None, instance=instance, providers=providers)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "provider"}
        try:
            if instance.pk:
                update(**{noun: instance}, by=request.user, **fields)
            else:
                create(provider=form.owner(), by=request.user, **fields)
        except ValidationError as error:  # e.g. the provider already has a venue of that name
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, f"The {noun} is {'saved' if instance.pk else 'added'}.")
            return redirect(list_url)
    return render(
        request,
        "cohorts/setup_form.html",
        {"form": form, "noun": noun, "instance": instance, "list_url": list_url},
    )


@require_GET
@login_required
def provider_settings(request):
    """The admin's provider(s): one goes straight to its form."""
    require_perm(request.user, "cohorts.create_cohort")
    providers = Provider.objects.filter(pk__in=administered_provider_ids(request.user)).order_by("name")
    if len(providers) == 1:
        return redirect("cohorts:provider-edit", pk=providers[0].pk)
    return render(request, "cohorts/provider_list.html", {"providers": providers})


@require_http_methods(["GET", "POST"])
@login_required
def provider_edit(request, pk):
    provider = get_provider_administered_by(request.user, pk)
    form = ProviderForm(request.POST or None, request.FILES or None, instance=Provider.objects.get(pk=provider.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "logo_file"}
        try:
            services.provider_update(provider=provider, by=request.user, **fields)
            if form.cleaned_data["logo_file"]:
                upload, checked = form.cleaned_data["logo_file"]
                services.provider_logo_save(provider=provider, upload=upload, checked=checked, by=request.user)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, "Your provider's details are saved.")
            return redirect("cohorts:provider-edit", pk=provider.pk)
    partners = provider.delivery_partners.order_by("name") if provider.lead_provider_id is None else None
    return render(
        request,
        "cohorts/provider_form.html",
        {"form": form, "provider": provider, "partners": partners, "partner_form": PartnerForm(prefix="partner")},
    )


@require_POST
@login_required
def partner_add(request, pk):
    """A lead provider's admin adds a delivery partner; they are its admins until it invites its own."""
    lead = get_provider_administered_by(request.user, pk)
    form = PartnerForm(request.POST, prefix="partner")
    if form.is_valid():
        try:
            partner = services.delivery_partner_create(lead=lead, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{partner.name} is a delivery partner of {lead.name}: invite its staff next.")
            return redirect("cohorts:provider-edit", pk=partner.pk)
    else:
        messages.error(request, "Give the delivery partner's name (and DfE's id for it, if you have it).")
    return redirect("cohorts:provider-edit", pk=lead.pk)


@require_GET
@login_required
def provider_logo(request, pk):
    provider = get_provider_administered_by(request.user, pk)
    if not provider.logo:
        raise Http404("No logo.")
    return private_file_response(
        request,
        provider.logo,
        filename=f"logo.{provider.logo.name.rsplit('.', 1)[-1]}",
        content_type=provider.logo_type,
    )
