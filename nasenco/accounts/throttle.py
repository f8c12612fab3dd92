"""Slowing a guesser who spreads wrong passwords for one account over many addresses (issue 25, 3).

Axes locks one (account, address) pair after ``AXES_FAILURE_LIMIT`` wrong passwords, so nobody elsewhere can
lock a teacher out; but 30 wrong passwords from six addresses and the right one from a seventh got in. Here,
once an account has had ``ACCOUNT_FAILURE_THRESHOLD`` wrong passwords from anywhere within a day, a device
it has never signed in on may try once per cool-down (30 seconds, doubling with each further wrong password,
at most 15 minutes), right password or not, and the owner is emailed once a day. No CAPTCHA, no lock: a
device the owner has signed in on before carries a signed cookie and is never slowed, and a successful
sign-in, or a new password chosen through the emailed link, clears the count.
"""

import datetime as dt
import math

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from ..mail.services import email_queue
from .models import AccountGuard, User

ACCOUNT_FAILURE_THRESHOLD = 10
FIRST_COOL_DOWN = dt.timedelta(seconds=30)
LONGEST_COOL_DOWN = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(days=1)  # a day without a wrong password starts the count again
DEVICE_COOKIE = "nasenco_known_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365
_SALT = "nasenco.accounts.known-device"


def _key(email: str) -> str:
    return (email or "").strip().lower()[:254]


def cool_down(failures: int) -> dt.timedelta:
    """How long a new device waits after the ``failures``-th wrong password (none below the threshold)."""
    if failures < ACCOUNT_FAILURE_THRESHOLD:
        return dt.timedelta(0)
    doublings = min(failures - ACCOUNT_FAILURE_THRESHOLD, 10)
    return min(FIRST_COOL_DOWN * 2**doublings, LONGEST_COOL_DOWN)


def known_device_value(user) -> str:
    return signing.dumps({"u": user.pk}, salt=_SALT)


def is_known_device(request, email: str) -> bool:
    """Has this browser signed in to the account with ``email`` before (within a year)?"""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return False
    try:
        user_id = signing.loads(value, salt=_SALT, max_age=DEVICE_COOKIE_AGE)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        return False
    return User.objects.filter(pk=user_id, email__iexact=_key(email)).exists()


def seconds_to_wait(request, email: str, *, now=None) -> int:
    """0 if this attempt may go ahead; otherwise how many seconds until this device may try again."""
    guard = AccountGuard.objects.filter(email=_key(email)).first()
    if guard is None or guard.failures < ACCOUNT_FAILURE_THRESHOLD:
        return 0
    now = now or timezone.now()
    if now - guard.last_failure_at >= FORGET_AFTER:
        return 0
    until = guard.last_failure_at + cool_down(guard.failures)
    if until <= now or is_known_device(request, email):
        return 0
    return math.ceil((until - now).total_seconds())


@transaction.atomic
def account_failure_record(*, email: str, now=None) -> AccountGuard:
    """One more wrong password for ``email``; the owner is told (once a day) when the threshold is crossed."""
    now = now or timezone.now()
    guard, _ = AccountGuard.objects.select_for_update().get_or_create(
        email=_key(email), defaults={"last_failure_at": now}
    )
    if now - guard.last_failure_at >= FORGET_AFTER:
        guard.failures = 0
    guard.failures += 1
    guard.last_failure_at = now
    owner = User.objects.filter(email__iexact=guard.email, is_active=True).first()
    told_recently = guard.owner_told_at and now - guard.owner_told_at < FORGET_AFTER
    if owner and guard.failures >= ACCOUNT_FAILURE_THRESHOLD and not told_recently:
        guard.owner_told_at = now
        email_queue(
            to=owner.email,
            template="accounts/email/sign_in_throttled",
            context={"user": owner, "failures": guard.failures},
            key=f"sign-in-throttled:{owner.pk}:{now:%Y-%m-%d-%H%M}",
        )
    guard.save()
    return guard


def account_failures_clear(*, email: str) -> None:
    AccountGuard.objects.filter(email=_key(email)).delete()


def remember_device(response, user) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        known_device_value(user),
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
