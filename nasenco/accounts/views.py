from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from ..navigation import link
from . import sign_in, throttle
from .forms import EmailAuthenticationForm, SignUpForm


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready.")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect(link("after_sign_up"))
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


class LogoutView(auth_views.LogoutView):
    """Signing out ends the portal's session. After a single sign-on, the page then offers to end the
    identity provider's session too, where it supports that (OpenID Connect RP-initiated logout): a link,
    as the content security policy rightly stops a form's answer from sending the browser to another site."""

    def post(self, request, *args, **kwargs):
        then = request.session.get(sign_in.IDP_LOGOUT_SESSION_KEY, "")  # set by the portal at sign-in
        response = super().post(request, *args, **kwargs)
        if not then:
            return response
        return render(request, "accounts/signed_out.html", {"idp_logout": then})


class LoginView(auth_views.LoginView):
    """Django's sign-in page names the site after the request's host; ours is the portal's name."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "site_name": settings.SITE_NAME, "sign_in_options": sign_in.sign_in_options()}

    def post(self, request, *args, **kwargs):
        """Before the password is even checked: is this account cooling down for devices it does not know?"""
        email = request.POST.get("username", "")
        wait = throttle.seconds_to_wait(request, email)
        if wait:
            minutes = max(1, round(wait / 60))
            context = self.get_context_data(form=self.form_class(request, initial={"username": email}))
            context["cooling_down"] = (
                "There have been many wrong passwords for this account from different places, so a device it "
                f"has not signed in on before must wait {minutes} minute{'s' if minutes != 1 else ''} before "
                "trying again. On a device you have used before you can sign in now. We have emailed the "
                "account's owner."
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.account_failures_clear(email=form.get_user().email)
        throttle.remember_device(response, form.get_user())
        return response

    def form_invalid(self, form):
        wrong = any(e.code == "invalid_login" for e in form.non_field_errors().as_data())
        if wrong and self.request.POST.get("username") and not getattr(self.request, "axes_locked_out", False):
            throttle.account_failure_record(email=self.request.POST["username"])
        return super().form_invalid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the emailed link proves the owner holds the address: the count of
    wrong passwords for the account starts again (``throttle``)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.account_failures_clear(email=form.user.email)
        return response
