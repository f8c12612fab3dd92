"""People who sign in. Email is the login; roles come from provider memberships and enrolments."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from nasenco.folding import fold


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    # The name as search compares it (nasenco/folding.py), kept by save().
    search_name = models.CharField(max_length=150, blank=True, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "platform operator", default=False, help_text="May sign in to the Django admin (audited)."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Kept by the two-factor services, so every request knows without another query whether to ask.
    two_factor_enabled = models.BooleanField("second factor on", default=False, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)[:150]
        fields = kwargs.get("update_fields")
        if fields is not None and "full_name" in fields:
            kwargs["update_fields"] = {*fields, "search_name"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_erased(self) -> bool:
        """Their personal data was erased (privacy/services.py): the account is a placeholder."""
        return self.email.endswith("@erased.invalid")

    @property
    def display_name(self) -> str:
        """The name to show, and for an erased person what they are, never an empty link."""
        return "An erased participant" if self.is_erased else (self.full_name or self.email)


class AccountGuard(models.Model):
    """Wrong passwords for one account from anywhere (issue 25, 3). Axes locks an (account, address) pair;
    this slows a guesser who moves between addresses, without locking the owner out: a device the owner
    has signed in on before is never slowed (``throttle.py``)."""

    email = models.CharField(max_length=254, unique=True)  # as typed, lower-cased: it need not be an account
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    owner_told_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email}: {self.failures} wrong passwords"
