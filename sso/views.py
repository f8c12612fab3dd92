"""Signing staff in through their institution, and the admin's page that sets it up."""

import logging
from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from requests import RequestException

from cohorts.models import Provider
from cohorts.selectors import get_provider_administered_by
from nasenco.accounts.sign_in import IDP_LOGOUT_SESSION_KEY, IDP_MFA_SESSION_KEY

from . import rules, saml, services
from .forms import ConnectionForm
from .models import Connection
from .oidc import client_for
from .selectors import connection_of

logger = logging.getLogger(__name__)
PROVIDER_SESSION_KEY = "sso.provider"
UNREACHABLE = "Your institution's sign-in did not answer. Try again in a minute, or sign in with your password."


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def start(request, provider_pk):
    connection = get_object_or_404(Connection, provider_id=provider_pk)
    request.session[PROVIDER_SESSION_KEY] = connection.provider_id
    try:
        if connection.protocol == Connection.Protocol.SAML:
            return redirect(saml.start(_base(request), connection))
        return client_for(connection).authorize_redirect(request, request.build_absolute_uri(reverse("sso:callback")))
    except (RequestException, ValueError):
        logger.warning("Single sign-on for provider %s: discovery failed", provider_pk, exc_info=True)
        messages.error(request, UNREACHABLE)
        return redirect("accounts:login")


@require_GET
def callback(request):
    provider_pk = request.session.get(PROVIDER_SESSION_KEY)
    connection = Connection.objects.select_related("provider").filter(provider_id=provider_pk).first()
    if connection is None:
        messages.error(request, "That sign-in had expired. Start again.")
        return redirect("accounts:login")
    client = client_for(connection)
    try:
        token = client.authorize_access_token(request)
    except OAuthError as error:
        messages.error(request, f"Your institution did not sign you in ({error.description or error.error}).")
        return redirect("accounts:login")
    except RequestException:
        logger.warning("Single sign-on for provider %s: token exchange failed", provider_pk, exc_info=True)
        messages.error(request, UNREACHABLE)
        return redirect("accounts:login")
    claims = dict(token.get("userinfo") or {})  # the ID token's claims, checked by Authlib
    if "email" not in claims:  # many providers give the address only at the userinfo endpoint
        try:
            extra = client.userinfo(token=token)
        except RequestException:
            extra = {}
        if extra.get("sub") == claims.get("sub"):  # OpenID Connect Core 5.3.2: the same person, or ignored
            claims |= {key: extra[key] for key in ("email", "email_verified", "name") if key in extra}
    end_session = client.load_server_metadata().get("end_session_endpoint")
    logout = ""
    if end_session:
        back = request.build_absolute_uri(reverse("accounts:login"))
        logout = (
            f"{end_session}?{urlencode({'id_token_hint': token.get('id_token', ''), 'post_logout_redirect_uri': back})}"
        )
    return _signed_in(request, connection, claims, logout=logout)


@csrf_exempt  # the identity provider's answer is a cross-site POST; its XML signature is what is checked
@require_POST
def saml_acs(request, provider_pk):
    connection = get_object_or_404(Connection, provider_id=provider_pk, protocol=Connection.Protocol.SAML)
    try:
        claims = saml.claims_of(_base(request), connection, request.POST.get("SAMLResponse", ""))
    except ValueError:
        logger.warning("Single sign-on for provider %s: a SAML answer was refused", provider_pk, exc_info=True)
        messages.error(request, "Your institution's answer could not be checked, or had expired. Start again.")
        return redirect("accounts:login")
    return _signed_in(request, connection, claims)


@require_GET
def saml_metadata(request, provider_pk):
    """The portal's SAML metadata for this provider's identity provider (public, as metadata is)."""
    get_object_or_404(Provider, pk=provider_pk)
    return HttpResponse(saml.metadata(_base(request), provider_pk), content_type="application/samlmetadata+xml")


def _signed_in(request, connection: Connection, claims: dict, *, logout: str = ""):
    try:
        user = services.staff_match(connection=connection, claims=claims)
    except services.NotInvited:
        context = {"provider": connection.provider, "email": claims.get("email", "")}
        return render(request, "sso/not_invited.html", context, status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # a new session: no fixation
    if connection.trust_idp_mfa and rules.asserts_mfa(claims):
        request.session[IDP_MFA_SESSION_KEY] = True
    if logout:
        request.session[IDP_LOGOUT_SESSION_KEY] = logout
    return redirect("dashboard")


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request, provider_pk):
    provider = get_provider_administered_by(request.user, provider_pk)
    current = connection_of(provider)
    form = ConnectionForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.connection_save(provider=provider, by=request.user, **form.cleaned_data)
        messages.success(request, "Single sign-on is saved. Try it from the sign-in page in a private window.")
        return redirect("sso:settings", provider_pk=provider.pk)
    context = {
        "provider": provider,
        "form": form,
        "connection": current,
        "redirect_uri": request.build_absolute_uri(reverse("sso:callback")),
        "sign_out_uri": request.build_absolute_uri(reverse("accounts:login")),
        "saml_metadata": request.build_absolute_uri(reverse("sso:saml-metadata", args=[provider.pk])),
        "saml_acs": request.build_absolute_uri(reverse("sso:saml-acs", args=[provider.pk])),
    }
    return render(request, "sso/settings.html", context)
