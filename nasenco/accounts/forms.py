from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
)
from django.db import transaction

from nasenco.mail.services import email_queue

from .models import User
from .sign_in import password_refusal


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

    def confirm_login_allowed(self, user):
        """A provider that requires its own single sign-on for staff refuses their portal password."""
        super().confirm_login_allowed(user)
        refused = password_refusal(user)
        if refused:
            raise forms.ValidationError(refused, code="password_refused")


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outbox like every other message.

    An address with no account gets exactly the same work (the token, the rendered email, the outbox row),
    done for a stand-in and rolled back: the answer takes as long either way, so its timing does not tell
    anyone whether an address has an account."""

    def get_users(self, email):
        """Every active account with this address, including one that never chose a password (an admin made
        by ``create_provider``, an imported participant who missed their first link): Django's form skips
        those, which left them locked out (issue 25, 14). An erased account is inactive and gets nothing."""
        users = list(User.objects.filter(email__iexact=email.strip(), is_active=True))
        return users or [User(email=email)]  # the stand-in: never saved

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if context["user"].pk is not None:
            email_queue(to=to_email, template="accounts/email/password_reset", context=context)
            return
        with transaction.atomic():  # the stand-in's email: the same work, then undone, so nothing is sent
            email_queue(to=to_email, template="accounts/email/password_reset", context=context)
            transaction.set_rollback(True)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class SignUpForm(BaseUserCreationForm):
    """A teacher creates their own account to check eligibility and apply."""

    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": "Your full name", "email": "Email address"}
        help_texts = {"email": "Use an address you will keep: your school email may change if you move school."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Choose a password"
        self.fields["password2"].label = "The same password again"

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Sign in, or reset your password if you have forgotten it."
            )
        return email
