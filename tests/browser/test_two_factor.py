"""A provider admin enrols an authenticator app and signs in with a code, in a real browser."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_enrols_an_app_and_signs_in_with_a_code(page, demo, settings):
    settings.REQUIRE_STAFF_2FA = True
    sign_in(page, "admin@eastern-partnership.example")
    page.wait_for_url("**/accounts/two-factor/")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    key = page.locator("[data-key]").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("The 6-digit code your app shows now").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Switch on the second factor").click()
    page.get_by_role("heading", name="Your second factor is on").wait_for()
    assert page.locator("[data-recovery-codes] li").count() == 10
    assert_accessible(page)

    page.locator(".navbar .dropdown-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill("admin@eastern-partnership.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/verify/**")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__email="admin@eastern-partnership.example")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("heading", name="Applications").first).to_be_visible()
