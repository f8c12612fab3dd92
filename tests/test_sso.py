"""Single sign-on's rules and matching, without a browser (tests/browser/test_sso.py signs in for real)."""

import html

import pytest

from cohorts.models import ActivityEntry, Membership
from sso import rules, services
from sso.models import Identity
from tests import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("claims", "mfa"),
    [
        ({"amr": ["pwd", "mfa"]}, True),  # Microsoft Entra ID
        ({"amr": ["pwd", "otp"]}, True),  # RFC 8176: a one-time password
        ({"amr": "hwk"}, True),  # a single value where a list belongs
        ({"acr": "https://refeds.org/profile/mfa"}, True),  # the UK federation's REFEDS MFA profile
        ({"amr": ["pwd"]}, False),
        ({"acr": "https://refeds.org/profile/sfa"}, False),
        ({}, False),
    ],
)
def test_which_sign_ins_count_as_multi_factor(claims, mfa):
    assert rules.asserts_mfa(claims) is mfa


def test_only_a_verified_address_counts():
    assert rules.verified_email({"email": "a@uni.ac.uk", "email_verified": True}) == "a@uni.ac.uk"
    assert rules.verified_email({"email": "a@uni.ac.uk"}) == ""
    assert rules.verified_email({"email": "a@uni.ac.uk", "email_verified": "true"}) == ""  # not a JSON boolean


def _connection(cast, **kwargs):
    return services.connection_save(
        provider=cast.provider_a,
        issuer="https://login.example.ac.uk",
        client_id="portal",
        client_secret="s",
        trust_idp_mfa=kwargs.get("trust", False),
        required=kwargs.get("required", False),
        by=cast.admin_a,
    )


def test_invited_staff_are_matched_once_by_address_then_by_subject(cast):
    connection = _connection(cast)
    claims = {"sub": "opaque-1", "email": cast.tutor_a1.email.upper(), "email_verified": True}
    assert services.staff_match(connection=connection, claims=claims) == cast.tutor_a1
    cast.tutor_a1.email = "new.address@uni.example"
    cast.tutor_a1.save()
    assert services.staff_match(connection=connection, claims={"sub": "opaque-1"}) == cast.tutor_a1  # by subject
    assert Identity.objects.get().subject == "opaque-1"
    assert ActivityEntry.objects.filter(action="staff.sso-sign-in", by=cast.tutor_a1).count() == 2
    Membership.objects.filter(user=cast.tutor_a1).delete()  # no longer on the provider's staff
    with pytest.raises(services.NotInvited):
        services.staff_match(connection=connection, claims={"sub": "opaque-1"})


@pytest.mark.parametrize(
    "who",
    ["participant", "unverified", "other provider", "no subject", "switched off"],
)
def test_nobody_else_comes_in_and_no_account_is_made(cast, who):
    connection = _connection(cast)
    claims = {"sub": "opaque-2", "email": cast.tutor_a1.email, "email_verified": True}
    if who == "participant":
        claims["email"] = cast.participant_a1.email  # on a cohort, but not staff
    elif who == "unverified":
        claims["email_verified"] = False
    elif who == "other provider":
        claims["email"] = cast.admin_b.email
    elif who == "no subject":
        claims["sub"] = ""
    else:
        cast.tutor_a1.is_active = False
        cast.tutor_a1.save()
    users = factories.UserFactory._meta.model.objects.count()
    with pytest.raises(services.NotInvited):
        services.staff_match(connection=connection, claims=claims)
    assert factories.UserFactory._meta.model.objects.count() == users and not Identity.objects.exists()


def test_a_required_sign_in_refuses_staff_passwords_only(client, cast):
    _connection(cast, required=True)
    for user in (cast.tutor_a1, cast.admin_a, cast.participant_a1, cast.admin_b):
        user.set_password("a-long-passphrase-1")
        user.save()
    refused = client.post("/accounts/login/", {"username": cast.tutor_a1.email, "password": "a-long-passphrase-1"})
    assert refused.status_code == 200 and "staff sign in with their institution's account" in _text(refused)
    allowed = client.post(
        "/accounts/login/", {"username": cast.participant_a1.email, "password": "a-long-passphrase-1"}
    )
    assert allowed.status_code == 302
    client.logout()
    other = client.post("/accounts/login/", {"username": cast.admin_b.email, "password": "a-long-passphrase-1"})
    assert other.status_code == 302  # another provider's staff: unaffected
    client.logout()
    page = client.get("/accounts/login/")
    assert f"Sign in with {cast.provider_a.name}" in page.content.decode()


def test_an_identity_provider_that_does_not_answer_gets_a_message(client, cast, settings):
    settings.SSO_TIMEOUT = 0.5
    services.connection_save(
        provider=cast.provider_a,
        issuer="http://127.0.0.1:9",
        client_id="portal",
        client_secret="s",
        trust_idp_mfa=False,
        required=False,
        by=cast.admin_a,
    )
    response = client.get(f"/sso/start/{cast.provider_a.pk}/", follow=True)
    assert "Your institution's sign-in did not answer" in _text(response)
