"""A second factor for staff: required for provider admins and the platform operator, asked at every
sign-in by whoever has one; recovery codes work once."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def _code(client) -> str:
    return f"{totp(bytes.fromhex(client.session['two_factor_pending'])):06d}"


def _enrol(client) -> list[str]:
    client.get(reverse("accounts:two-factor-setup"))
    page = client.post(reverse("accounts:two-factor-setup"), {"code": _code(client)}).content.decode()
    assert "Your second factor is on" in page
    return page.split("data-recovery-codes>")[1].split("</ul>")[0].replace("<li>", " ").replace("</li>", " ").split()


def test_a_provider_admin_must_set_one_up_before_anything_else(client, cast, settings):
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    assert client.get(reverse("dashboard"))["Location"] == reverse("accounts:two-factor-setup")
    assert client.get(reverse("enrolment:pipeline"))["Location"] == reverse("accounts:two-factor-setup")
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert "<svg" in page and "holds other people's personal data" in page

    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"}).content.decode()
    assert "That code does not match" in wrong
    codes = _enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("enrolment:pipeline")).status_code == 200  # verified in this session


def test_whoever_has_one_gives_it_at_every_sign_in_and_a_recovery_code_works_once(client, cast, settings):
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    codes = _enrol(client)
    client.post(reverse("accounts:logout"))

    _sign_in(client, cast.admin_a)
    asked = client.get(reverse("enrolment:pipeline"))
    assert asked["Location"].startswith(reverse("accounts:two-factor-verify") + "?next=")
    refused = client.post(reverse("accounts:two-factor-verify"), {"code": "123456"}).content.decode()
    assert "That code does not match" in refused
    hurried = client.post(reverse("accounts:two-factor-verify"), {"code": "654321"}).content.decode()
    assert "Too many wrong codes. Wait 1 seconds" in hurried  # each wrong code doubles the wait
    with time_machine.travel(dt.timedelta(seconds=2)):
        done = client.post(reverse("accounts:two-factor-verify"), {"code": codes[0].upper(), "next": "/applications/"})
    assert done["Location"] == "/applications/"
    client.post(reverse("accounts:logout"))

    _sign_in(client, cast.admin_a)
    with time_machine.travel(dt.timedelta(minutes=5)):
        again = client.post(reverse("accounts:two-factor-verify"), {"code": codes[0]}).content.decode()
    assert "That code does not match" in again  # used up


def test_participants_are_not_asked_unless_they_choose_it(client, cast, settings):
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.participant_a1)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_platform_operator_must_use_one(client, settings):
    settings.REQUIRE_STAFF_2FA = True
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    _sign_in(client, operator)
    assert client.get("/platform-admin/")["Location"] == reverse("accounts:two-factor-setup")


def test_a_next_address_elsewhere_is_not_followed(client, cast, settings):
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    _enrol(client)
    client.post(reverse("accounts:logout"))
    _sign_in(client, cast.admin_a)
    client.get(reverse("accounts:two-factor-setup"))  # no effect on the confirmed factor
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=cast.admin_a)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code, "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")
