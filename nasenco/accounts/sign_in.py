"""What the apps above add to signing in, without this layer importing them: other ways to sign in (an
institution's single sign-on) offered on the sign-in page, refusals of a password where a provider requires
its own sign-in, and the session flag that says an identity provider already checked a second factor."""

from collections.abc import Callable

IDP_MFA_SESSION_KEY = "nasenco.idp_mfa"  # set when a trusted identity provider asserted multi-factor sign-in
IDP_LOGOUT_SESSION_KEY = "nasenco.idp_logout"  # where signing out goes next, to end the identity provider's session

_options: list[Callable[[], list[tuple[str, str]]]] = []
_refusals: list[Callable] = []


def provide_sign_in_options(options: Callable[[], list[tuple[str, str]]]) -> None:
    """``options()`` → [(label, url)] shown on the sign-in page."""
    if options not in _options:
        _options.append(options)


def provide_password_refusal(refusal: Callable) -> None:
    """``refusal(user)`` → why this account may not sign in with a password ("" when it may)."""
    if refusal not in _refusals:
        _refusals.append(refusal)


def sign_in_options() -> list[tuple[str, str]]:
    return [option for options in _options for option in options()]


def password_refusal(user) -> str:
    return next((why for refusal in _refusals if (why := refusal(user))), "")


def vouched_by_identity_provider(request) -> bool:
    return bool(getattr(request, "session", {}).get(IDP_MFA_SESSION_KEY))
