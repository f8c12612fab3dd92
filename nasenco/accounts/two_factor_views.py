"""Adding a second factor, and giving it at sign-in."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

SESSION_KEY = "two_factor_pending"  # the key of the app being set up, until a code confirms it


class CodeForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code your app shows now",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Enter the code from your authenticator app, or one of your recovery codes."},
    )


@require_http_methods(["GET", "POST"])
@login_required
def setup(request):
    """Scan the QR code (or type the key), then prove it works with a code: only then is it switched on.
    Replacing a factor needs the current one given in this session (the middleware asks for it first)."""
    if not _may_change(request):
        return _verify_first(request)
    secret = request.session.get(SESSION_KEY) or two_factor.new_secret()
    request.session[SESSION_KEY] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.second_factor_enrol(user=request.user, secret_hex=secret, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", "That code does not match. Check the time on your phone and enter the code shown now."
            )
        else:
            del request.session[SESSION_KEY]
            otp_login(request, _device(request.user))
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
    uri = two_factor.provisioning_uri(secret, request.user.email)
    context = {
        "form": form,
        "qr": two_factor.qr_svg(uri),
        "key": two_factor.readable_secret(secret),
        "required": two_factor.second_factor_reason(request.user),
        "has_one": two_factor.has_second_factor(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _device(user):
    return TOTPDevice.objects.get(user=user, confirmed=True)


@require_http_methods(["GET", "POST"])
@login_required
def verify(request):
    """After the password: the second factor. A recovery code works once."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.seconds_to_wait(request.user)
        device = None if wait else two_factor.second_factor_check(user=request.user, code=form.cleaned_data["code"])
        if wait:
            form.add_error("code", f"Too many wrong codes. Wait {wait} seconds, then enter the code your app shows.")
        elif device is None:
            form.add_error("code", "That code does not match. Enter the code your app shows now, or a recovery code.")
        else:
            otp_login(request, device)
            return redirect(next_url or "dashboard")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def _may_change(request) -> bool:
    return not two_factor.has_second_factor(request.user) or request.user.is_verified()


def _verify_first(request):
    return redirect(f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': request.path})}")


@require_POST
@login_required
def remove(request):
    if not _may_change(request):
        return _verify_first(request)
    if two_factor.must_use_second_factor(request.user):
        messages.error(request, "Your role needs a second factor: set up a new app instead of removing it.")
        return redirect("accounts:two-factor-setup")
    two_factor.second_factor_remove(user=request.user)
    messages.success(request, "Your second factor is switched off.")
    return redirect("dashboard")
