"""Writes for accounts that are not Django's own forms: an account made for someone, and its welcome."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from nasenco.mail.services import email_queue


def account_for(*, email: str, full_name: str):
    """The account with this address, or a new one with no password yet (they choose it from the welcome
    email). Returns (user, created)."""
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    user = User(email=User.objects.normalize_email(email), full_name=full_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


def welcome_send(*, user, role: str, organisation: str) -> None:
    """Email a link to choose a password (Django's reset token: one use, valid PASSWORD_RESET_TIMEOUT)."""
    email_queue(
        to=user.email,
        template="accounts/email/welcome",
        context={
            "user": user,
            "role": role,
            "organisation": organisation,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
