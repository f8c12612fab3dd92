"""The provider admin's page for API tokens and webhooks, and the API's readable documentation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cohorts.selectors import get_provider_administered_by
from nasenco.access import object_or_404
from nasenco.confirm import confirm_page

from . import selectors, services
from .docs import operations
from .forms import EndpointForm, TokenForm
from .models import Delivery, Endpoint, Token


def _page(request, provider, **extra):
    context = {
        "provider": provider,
        "tokens": selectors.tokens_of(provider),
        "endpoints": selectors.endpoints_of(provider),
        "deliveries": selectors.deliveries_of(provider),
        "token_form": TokenForm(),
        "endpoint_form": EndpointForm(production=settings.PRODUCTION),
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        **extra,
    }
    return render(request, "api/home.html", context)


@require_GET
@login_required
def home(request, provider_pk):
    return _page(request, get_provider_administered_by(request.user, provider_pk))


@require_POST
@login_required
def token_add(request, provider_pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, text = services.token_create(provider=provider, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:  # shown once, on this response only: only its digest is kept
            return _page(request, provider, new_token=text, new_token_name=token.name)
    return _page(request, provider, token_form=form)


@require_POST
@login_required
def token_revoke(request, provider_pk, pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    token = object_or_404(Token.objects.filter(provider=provider, revoked_at__isnull=True), pk=pk)
    if request.POST.get("confirmed") != "1":
        return confirm_page(
            request,
            title=f"Revoke the token “{token.name}”?",
            lead="Anything using it is refused from now on. A revoked token cannot be brought back: make a new one.",
            affected=[f"{token.name} ({token.prefix}…), {', '.join(token.scopes)}"],
            button="Revoke the token",
            back=reverse("api:home", args=[provider.pk]),
        )
    services.token_revoke(token=token, by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked.")
    return redirect("api:home", provider_pk=provider.pk)


@require_POST
@login_required
def endpoint_add(request, provider_pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    form = EndpointForm(request.POST, production=settings.PRODUCTION)
    if form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(provider=provider, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _page(request, provider, new_secret=secret, new_secret_url=endpoint.url)
    return _page(request, provider, endpoint_form=form)


@require_POST
@login_required
def endpoint_remove(request, provider_pk, pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    endpoint = object_or_404(selectors.endpoints_of(provider), pk=pk)
    if request.POST.get("confirmed") != "1":
        return confirm_page(
            request,
            title="Stop sending webhooks here?",
            lead="Deliveries still waiting for this address are given up. Add the address again to send to it.",
            affected=[endpoint.url],
            button="Remove the endpoint",
            back=reverse("api:home", args=[provider.pk]),
        )
    services.endpoint_remove(endpoint=endpoint, by=request.user)
    messages.success(request, f"Webhooks are no longer sent to {endpoint.url}.")
    return redirect("api:home", provider_pk=provider.pk)


@require_POST
@login_required
def delivery_again(request, provider_pk, pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    delivery = object_or_404(Delivery.objects.filter(endpoint__provider=provider), pk=pk)
    try:
        services.delivery_send_again(delivery=delivery, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The {delivery.event} webhook is sent again: the log below shows how it went.")
    return redirect("api:home", provider_pk=provider.pk)


@require_GET
def docs(request):
    """The API's documentation, read from its OpenAPI document: open to anyone, as it holds no records."""
    return render(request, "api/docs.html", {"operations": operations(), "events": Endpoint.Event.choices})
