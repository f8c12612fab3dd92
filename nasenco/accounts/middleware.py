"""Asking for the second factor: after the password, before anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor
from .sign_in import vouched_by_identity_provider


class SecondFactorMiddleware:
    """Someone with a second factor gives it before any page; someone whose role needs one (with
    ``REQUIRE_STAFF_2FA``) sets it up first. Signing out, the two-factor pages themselves, static files and
    the health check stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._open(request.path):
            if vouched_by_identity_provider(request):
                pass  # the provider trusts its identity provider's multi-factor sign-in, which asserted one
            elif two_factor.has_second_factor(user):
                if not user.is_verified() and request.path != reverse("accounts:two-factor-verify"):
                    return redirect(
                        f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': request.get_full_path()})}"
                    )
            elif two_factor.must_use_second_factor(user) and request.path not in self._enrolment_paths():
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)

    @staticmethod
    def _enrolment_paths() -> set[str]:
        """Setting up a first factor (and giving it once set up). Someone who already has a factor reaches
        "setup" and "remove" only after giving it in this session: a password alone never replaces it."""
        return {reverse("accounts:two-factor-setup"), reverse("accounts:two-factor-verify")}

    @staticmethod
    def _open(path: str) -> bool:
        """Reachable before any factor: signing out, static files, the health check, and for someone with
        no factor the pages that set one up (``_enrolment_paths``: exact paths, never a prefix)."""
        return path.startswith((settings.STATIC_URL, "/healthz")) or path == reverse("accounts:logout")
