from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, PasswordResetForm

from nasenco.mail.services import email_queue

from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address; the same message whether the email or the password was wrong."""

    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email address and password do not match an account. Check both and try again.",
        "inactive": "This account has been switched off. Ask your programme administrator to restore it.",
    }


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outbox like every other message."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        email_queue(to=to_email, template="accounts/email/password_reset", context=context)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]
