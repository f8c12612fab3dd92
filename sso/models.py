"""A provider's single sign-on for its staff (OpenID Connect), and the institutional identities matched to
invited staff."""

from django.conf import settings
from django.db import models

from cohorts.models import Provider


class Connection(models.Model):
    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect (Microsoft Entra ID, Google Workspace)"
        SAML = "saml", "SAML 2.0 (Shibboleth, the UK Access Management Federation)"

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="sso")
    protocol = models.CharField(max_length=4, choices=Protocol, default=Protocol.OIDC)
    issuer = models.URLField(
        "issuer",
        max_length=300,
        blank=True,
        help_text="Your identity provider's issuer URL: for Microsoft Entra ID "
        "https://login.microsoftonline.com/<tenant id>/v2.0, for Google https://accounts.google.com. "
        "The portal reads its /.well-known/openid-configuration.",
    )
    client_id = models.CharField("client (application) id", max_length=200, blank=True)
    client_secret_sealed = models.TextField(blank=True)
    idp_metadata = models.TextField(
        "identity provider's metadata",
        blank=True,
        help_text="SAML: paste your identity provider's metadata (XML), with its signing certificate.",
    )
    trust_idp_mfa = models.BooleanField(
        "trust your identity provider's multi-factor sign-in",
        default=False,
        help_text="When it says the person used a second factor (OpenID Connect amr or acr, SAML "
        "AuthnContextClassRef), the portal does not ask for its own code again.",
    )
    required = models.BooleanField(
        "staff must sign in this way",
        default=False,
        help_text="Your tutors, admins and examiners can no longer sign in with a portal password.",
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Single sign-on for {self.provider}"


class Identity(models.Model):
    """An institutional account (the issuer's stable subject id) matched to an invited member of staff."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    subject = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="sso_one_subject")]

    def __str__(self) -> str:
        return f"{self.user} at {self.provider}"
