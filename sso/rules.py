"""Single sign-on's rules. Pure: claims in, answers out.

Which sign-ins count as multi-factor: the OpenID Connect ``amr`` values of RFC 8176 that name a second
factor or are "mfa" itself, and the ``acr`` values institutions use for it (REFEDS MFA, the OpenID PAPE
multi-factor policy, Microsoft's multipleauthn). A SAML assertion's AuthnContextClassRef is read as ``acr``."""

MFA_AMR = frozenset({"mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc"})
MFA_ACR = frozenset(
    {
        "https://refeds.org/profile/mfa",
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical",
        "http://schemas.microsoft.com/claims/multipleauthn",  # Entra ID and AD FS over SAML
    }
)


def asserts_mfa(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(MFA_AMR & {str(value).lower() for value in amr}) or claims.get("acr") in MFA_ACR


def verified_email(claims: dict) -> str:
    """The address the identity provider vouches for ("" when it does not say it verified it)."""
    email = (claims.get("email") or "").strip()
    return email if email and claims.get("email_verified") is True else ""
