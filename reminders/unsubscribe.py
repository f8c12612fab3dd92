"""One-click unsubscribe from an optional reminder (RFC 8058): a signed link per person and rule, carried
in List-Unsubscribe with List-Unsubscribe-Post. A mail client POSTs to it; a person opening it in a
browser gets a page with one button. Only switching a reminder off happens here; switching it back on is
on the preferences page."""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import get_urlconf, reverse

from .models import ReminderOptOut
from .schedule import OPTIONAL_BY_CODE, Rule

SALT = "nasenco.reminders.unsubscribe"


class UnsubscribeInvalid(Exception):
    pass


PLACEHOLDER = "TOKEN"


@lru_cache(maxsize=8)
def _around_token(urlconf, site_url: str) -> tuple[str, str]:
    """The unsubscribe URL before and after its token, reversed once (a sweep writes thousands)."""
    url = site_url + reverse("reminders:unsubscribe", kwargs={"token": PLACEHOLDER}, urlconf=urlconf)
    before, _, after = url.rpartition(PLACEHOLDER)
    return before, after


def unsubscribe_url(*, user_id: int, rule: str) -> str:
    token = signing.dumps({"u": user_id, "r": rule}, salt=SALT, compress=True)
    before, after = _around_token(get_urlconf(), settings.SITE_URL)
    return before + token + after


def unsubscribe_headers(*, user_id: int | None, rule: Rule) -> dict:
    """The headers of an optional reminder to someone with an account (their choice is kept there)."""
    if user_id is None or not rule.optional:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id=user_id, rule=rule.code)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_from_token(token: str):
    """(the person, the rule) a link names, or UnsubscribeInvalid."""
    try:
        data = signing.loads(token, salt=SALT)
        rule = OPTIONAL_BY_CODE[data["r"]]
        user = get_user_model().objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, get_user_model().DoesNotExist):
        raise UnsubscribeInvalid from None
    if not rule.optional:
        raise UnsubscribeInvalid
    return user, rule


@transaction.atomic
def reminder_opt_out(*, user, rule: Rule) -> bool:
    """Switch one optional reminder off. Returns False if it was already off."""
    _, created = ReminderOptOut.objects.get_or_create(user=user, rule=rule.code)
    return created
