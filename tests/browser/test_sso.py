"""Staff sign in with their institution's account, against a real OpenID Provider running here: the admin
sets it up; an invited tutor comes in (the provider's asserted multi-factor sign-in honoured only where the
admin trusts it); an uninvited account is refused; signing out ends both sessions. The same through a SAML
identity provider. (A required single sign-on refusing staff passwords is tests/test_sso.py's.)"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cohorts.models import Provider
from nasenco.accounts.models import User
from nasenco.accounts.two_factor import new_secret
from sso.models import Identity
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import free_port
from tests.idp.fixtures import start_openid_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUTOR = "tutor@roehampton.example"


@pytest.fixture
def openid_provider(live_server):
    yield from start_openid_provider(live_server.url)


def _institution_sign_in(page, provider_name: str, email: str, *, mfa: bool) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name=f"Sign in with {provider_name}").click()
    expect(page.get_by_role("heading", name="Sign in to the University")).to_be_visible()
    page.get_by_label("University email").fill(email)
    if mfa:
        page.get_by_label("I used my authenticator app").check()
    page.get_by_role("button", name="Sign in").click()


def test_a_tutor_signs_in_with_the_institutions_account(page, demo, openid_provider):
    roehampton = Provider.objects.get(memberships__user__email=TUTOR)
    tutor = User.objects.get(email=TUTOR)
    TOTPDevice.objects.create(user=tutor, name="Authenticator app", key=new_secret(), confirmed=True)
    User.objects.filter(pk=tutor.pk).update(two_factor_enabled=True)  # the portal would ask for its own code

    sign_in(page, "admin@roehampton.example")
    page.goto(f"/cohorts/settings/{roehampton.pk}/")
    page.get_by_role("link", name="Single sign-on for staff").click()
    expect(page.get_by_label("Redirect URI", exact=True)).to_have_value(f"{page.url.split('/sso/')[0]}/sso/callback/")
    assert_accessible(page)
    page.get_by_label("Issuer").fill(openid_provider.issuer)
    page.get_by_label("Client (application) id").fill(openid_provider.client_id)
    page.get_by_label("Client secret").fill(openid_provider.client_secret)
    page.get_by_label("Trust your identity provider's multi-factor sign-in").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Single sign-on is saved.")).to_be_visible()
    page.context.clear_cookies()

    # The institution asserts multi-factor sign-in, and the admin trusts it: no portal code is asked.
    _institution_sign_in(page, roehampton.name, TUTOR, mfa=True)
    page.wait_for_url("**/")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My work")
    assert Identity.objects.get(user=tutor).subject == f"u-{TUTOR.encode().hex()}"  # matched once by address

    # Signing out ends the portal's session and then the institution's.
    page.locator(".navbar .dropdown-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You are signed out of the portal")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign out of your institution's account too").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/assessment/my-work/")
    page.wait_for_url("**/accounts/login/**")

    # Without multi-factor sign-in at the institution, the portal asks for its own code.
    _institution_sign_in(page, roehampton.name, TUTOR, mfa=False)
    page.wait_for_url("**/two-factor/verify/**")
    page.context.clear_cookies()

    # An account nobody invited is not made: it is told whom to ask.
    _institution_sign_in(page, roehampton.name, "stranger@roehampton.example", mfa=True)
    expect(page.get_by_text("Ask your provider's admin to invite you")).to_be_visible()
    assert not User.objects.filter(email="stranger@roehampton.example").exists()
    assert_accessible(page)


@pytest.fixture
def saml_identity_provider(live_server, tmp_path):
    import urllib.request

    from tests.idp.saml_idp import SamlIdentityProvider

    roehampton = Provider.objects.get(memberships__user__email=TUTOR)
    with urllib.request.urlopen(f"{live_server.url}/sso/saml/{roehampton.pk}/metadata/", timeout=10) as answer:
        sp_metadata = answer.read().decode()
    found = SamlIdentityProvider(base_url=f"http://127.0.0.1:{free_port()}", sp_metadata=sp_metadata, keys=tmp_path)
    stop = found.serve()
    yield found
    stop()


def test_a_tutor_signs_in_through_a_saml_identity_provider(page, demo, saml_identity_provider):
    roehampton = Provider.objects.get(memberships__user__email=TUTOR)
    tutor = User.objects.get(email=TUTOR)
    TOTPDevice.objects.create(user=tutor, name="Authenticator app", key=new_secret(), confirmed=True)
    User.objects.filter(pk=tutor.pk).update(two_factor_enabled=True)

    sign_in(page, "admin@roehampton.example")
    page.goto(f"/sso/settings/{roehampton.pk}/")
    page.get_by_label("SAML 2.0").check()
    page.get_by_label("Identity provider's metadata").fill("<not metadata/>")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("That is not SAML metadata").last).to_be_visible()  # by the field and in the summary
    page.get_by_label("Identity provider's metadata").fill(saml_identity_provider.metadata)
    page.get_by_label("Trust your identity provider's multi-factor sign-in").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Single sign-on is saved.")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    # the URIs to copy wrap on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.context.clear_cookies()

    page.goto("/accounts/login/")
    page.get_by_role("link", name=f"Sign in with {roehampton.name}").click()
    expect(page.get_by_role("heading", name="Sign in to the Test University (SAML)")).to_be_visible()
    page.get_by_label("University email").fill(TUTOR)
    page.get_by_label("I used my authenticator app").check()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Continue to the portal").click()  # the signed answer, POSTed back
    page.wait_for_url("**/")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("My work")  # no portal code asked
    assert Identity.objects.get(user=tutor).subject == f"opaque-{TUTOR.encode().hex()}"
