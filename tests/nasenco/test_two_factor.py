"""A second factor for staff: required for provider admins and the platform operator, asked at every
sign-in by whoever has one; recovery codes work once."""

import datetime as dt
import html

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
    page = html.unescape(client.get(reverse("accounts:two-factor-setup")).content.decode())
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


def _device_key(user) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get(user=user).key


def test_the_password_alone_never_replaces_or_removes_the_factor(client, cast, settings):
    """Issue 25 (1): an attacker with only the password reaches neither "set up" nor "remove"."""
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    _enrol(client)
    owners_key = _device_key(cast.admin_a)
    client.post(reverse("accounts:logout"))

    _sign_in(client, cast.admin_a)  # the attacker: the right password, no phone
    setup = client.get(reverse("accounts:two-factor-setup"))
    assert setup["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert "two_factor_pending" not in client.session  # no new key was even shown
    replaced = client.post(reverse("accounts:two-factor-setup"), {"code": "123456"})
    assert replaced["Location"].startswith(reverse("accounts:two-factor-verify"))
    removed = client.post(reverse("accounts:two-factor-remove"))
    assert removed["Location"].startswith(reverse("accounts:two-factor-verify"))
    cast.admin_a.refresh_from_db()
    assert cast.admin_a.two_factor_enabled and _device_key(cast.admin_a) == owners_key


def test_after_giving_the_factor_the_owner_may_replace_it(client, cast, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    _enrol(client)
    client.post(reverse("accounts:logout"))
    _sign_in(client, cast.admin_a)
    device = TOTPDevice.objects.get(user=cast.admin_a)
    with time_machine.travel(dt.timedelta(seconds=31)):  # the next 30-second step: a fresh code
        client.post(reverse("accounts:two-factor-verify"), {"code": f"{totp(device.bin_key):06d}"})
        codes = _enrol(client)
    assert len(codes) == 10 and _device_key(cast.admin_a) != device.key


def test_the_operators_reset_clears_devices_and_flag_and_is_logged(client, cast, settings):
    from django.core.management import call_command

    from cohorts.models import ActivityEntry

    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.admin_a)
    _enrol(client)
    client.post(reverse("accounts:logout"))
    call_command("reset_second_factor", cast.admin_a.email.upper())
    cast.admin_a.refresh_from_db()
    assert not cast.admin_a.two_factor_enabled
    _sign_in(client, cast.admin_a)
    assert client.get(reverse("dashboard"))["Location"] == reverse("accounts:two-factor-setup")  # a new one
    entry = ActivityEntry.objects.get(action="staff.second_factor_reset")
    assert entry.provider_id == cast.provider_a.pk and cast.admin_a.email in entry.summary


@pytest.mark.parametrize("role", ["tutor_a1", "examiner_a1", "mentor_a1"])
def test_everyone_who_sees_other_peoples_data_must_use_one(client, cast, settings, role):
    """Issue 25 (2): tutors, external examiners and school-based mentors as well as admins."""
    settings.REQUIRE_STAFF_2FA = True
    _sign_in(client, cast.by_role(role))
    assert client.get(reverse("dashboard"))["Location"] == reverse("accounts:two-factor-setup")
    page = html.unescape(client.get(reverse("accounts:two-factor-setup")).content.decode())
    reason = "As a school-based mentor" if role == "mentor_a1" else "holds other people's personal data"
    assert reason in page and "about two minutes" in page
    _enrol(client)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_admin_action_asks_before_resetting(client, cast, settings):
    operator = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    cast.tutor_a1.__class__.objects.filter(pk=cast.tutor_a1.pk).update(two_factor_enabled=True)
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "reset_second_factor", "_selected_action": [cast.tutor_a1.pk]}
    asked = client.post(url, chosen).content.decode()
    assert "Reset the second factor?" in asked and cast.tutor_a1.email in asked and "cannot be undone" in asked
    cast.tutor_a1.refresh_from_db()
    assert cast.tutor_a1.two_factor_enabled  # nothing yet
    client.post(url, {**chosen, "confirm": "yes"})
    cast.tutor_a1.refresh_from_db()
    assert not cast.tutor_a1.two_factor_enabled
