"""A second factor for staff: a time-based code from an authenticator app (TOTP, RFC 6238) with ten
single-use recovery codes, on django-otp's devices.

Who must have one is decided above this layer: every account that can see another person's personal data
(provider admins, tutors and external examiners are a cohorts fact, school-based mentors a schools fact), so
each of those apps registers its own test here; the platform operator (Django staff) always counts.
``REQUIRE_STAFF_2FA`` switches the requirement on (default on with ``PRODUCTION=true``); anyone may add a
second factor, and whoever has one is asked for it at every sign-in.

A factor is only ever replaced or removed from a session that has already given it (the middleware sends
everyone with a factor to "verify" first); the operator's reset (``second_factor_reset``) clears the devices
and the flag together and says so through ``second_factor_was_reset`` so the apps above can log it.
"""

import base64
import logging
import math
import secrets
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_otp import devices_for_user, match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nasenco import qr

from .models import User

RECOVERY_CODES = 10
logger = logging.getLogger(__name__)
_staff_checks: list[tuple[Callable, str]] = []
OPERATOR_WHY = "You run the platform, which holds everyone's personal data"
# Sent with ``user`` and ``by`` (the operator, or None for a command) after an operator reset.
second_factor_was_reset = Signal()


def provide_staff_check(check: Callable, *, why: str) -> None:
    """Called by each app that knows who sees other people's data: ``check(user)`` → must they use a second
    factor? Any check saying yes is enough; ``why`` is the reason the set-up page gives them."""
    if all(check is not known for known, _ in _staff_checks):
        _staff_checks.append((check, why))


def second_factor_reason(user) -> str:
    """Why ``user`` must use a second factor ("" if they need not)."""
    if not getattr(settings, "REQUIRE_STAFF_2FA", False) or not user.is_authenticated:
        return ""
    if user.is_staff or user.is_superuser:
        return OPERATOR_WHY
    if not _staff_checks:
        raise ImproperlyConfigured("No app says who must use a second factor: is the cohorts app installed?")
    return next((why for check, why in _staff_checks if check(user)), "")


def must_use_second_factor(user) -> bool:
    return bool(second_factor_reason(user))


def has_second_factor(user) -> bool:
    return bool(getattr(user, "two_factor_enabled", False))


def new_secret() -> str:
    """A fresh TOTP key (hex, as django-otp stores it)."""
    return secrets.token_hex(20)


def provisioning_uri(secret_hex: str, email: str) -> str:
    label = quote(f"{settings.SITE_NAME}:{email}")
    secret = base64.b32encode(bytes.fromhex(secret_hex)).decode().rstrip("=")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(settings.SITE_NAME)}&digits=6&period=30"


def readable_secret(secret_hex: str) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(bytes.fromhex(secret_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """The address as an SVG QR code, inline in the page (no script, no remote image)."""
    return qr.qr_svg(uri, label="QR code for your authenticator app")


def code_matches(secret_hex: str, code: str) -> bool:
    """Does ``code`` match the key now (a step either side allowed for a slow clock)?"""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = TOTP(bytes.fromhex(secret_hex))
    for drift in (-1, 0, 1):
        totp.drift = drift
        if totp.token() == int(code):
            return True
    return False


@transaction.atomic
def second_factor_enrol(*, user, secret_hex: str, code: str) -> list[str] | None:
    """Confirm the authenticator app with a code it shows; returns the recovery codes (shown once), or None
    if the code does not match. Any earlier second factor is replaced."""
    if not code_matches(secret_hex, code):
        return None
    second_factor_remove(user=user)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=secret_hex, confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    User.objects.filter(pk=user.pk).update(two_factor_enabled=True)
    user.two_factor_enabled = True
    return codes


def second_factor_check(*, user, code: str):
    """The device the code belongs to (an app code, or a recovery code, which is then used up), or None.
    Each wrong code doubles the wait before the next is tried (django-otp's throttling)."""
    return match_token(user, "".join(code.split()).lower())


def seconds_to_wait(user) -> int:
    """How long until a code may be tried again after wrong ones (0: now)."""
    now = timezone.now()
    waits = [
        (info["locked_until"] - now).total_seconds()
        for device in devices_for_user(user, confirmed=True)
        for allowed, info in [device.verify_is_allowed()]
        if not allowed and info and info.get("locked_until")
    ]
    return max(0, math.ceil(max(waits))) if waits else 0


@transaction.atomic
def second_factor_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(two_factor_enabled=False)
    user.two_factor_enabled = False


def second_factor_reset(*, user, by=None) -> bool:
    """The operator's recovery for someone who lost both their phone and their codes: every device and the
    flag go together (so the next sign-in sets up a new factor, or none), and the apps above log it.
    Returns False if there was nothing to reset."""
    had = has_second_factor(user) or devices_exist(user)
    second_factor_remove(user=user)
    if had:
        logger.warning("Second factor reset for user %s by %s", user.pk, getattr(by, "pk", "a command"))
        second_factor_was_reset.send(sender=User, user=user, by=by)
    return had


def devices_exist(user) -> bool:
    return TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()
