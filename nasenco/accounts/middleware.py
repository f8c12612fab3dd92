"""Asking for the second factor: after the password, before anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor


class SecondFactorMiddleware:
    """Someone with a second factor gives it before any page; someone whose role needs one (with
    ``REQUIRE_STAFF_2FA``) sets it up first. Signing out, the two-factor pages themselves, static files and
    the health check stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._open(request.path):
            if two_factor.has_second_factor(user):
                if not user.is_verified():
                    return redirect(
                        f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': request.get_full_path()})}"
                    )
            elif two_factor.must_use_second_factor(user):
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = (
            reverse("accounts:two-factor-setup"),
            reverse("accounts:two-factor-verify"),
            reverse("accounts:logout"),
            settings.STATIC_URL,
            "/healthz",
        )
        return path.startswith(open_paths)
