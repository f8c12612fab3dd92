import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from nasenco.mail.models import OutboxEmail
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_email_is_the_login_and_case_does_not_matter(client):
    user = factories.UserFactory(email="helen.carter@provider.example")
    response = _login(client, "  Helen.Carter@Provider.EXAMPLE ")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_emails_are_unique_whatever_their_case():
    factories.UserFactory(email="sam@school.example")
    with pytest.raises(IntegrityError):  # the case-blind constraint holds
        get_user_model().objects.create(email="SAM@school.example", full_name="Sam")


def test_wrong_password_says_what_to_do_and_keeps_the_email(client):
    factories.UserFactory(email="sam@school.example")
    response = _login(client, "sam@school.example", "wrong-password")
    assert response.status_code == 200
    assert b"do not match an account" in response.content
    assert b'value="sam@school.example"' in response.content


def test_five_failures_lock_the_account_for_that_address(client, settings):
    factories.UserFactory(email="sam@school.example")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "sam@school.example", "wrong-password")
    response = _login(client, "sam@school.example")  # even the right password is refused now
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_end_to_end(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="sam@school.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "sam@school.example"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    email = OutboxEmail.objects.get(to="sam@school.example")
    assert email.status == OutboxEmail.Status.SENT
    link = re.search(r"http://localhost:8000(/accounts/password/reset/\S+/)", email.body_text).group(1)

    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new = "a-brand-new-passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_an_unknown_address_stores_no_email_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@school.example"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert not OutboxEmail.objects.exists()


def test_password_change_needs_the_old_password(client):
    user = factories.UserFactory()
    client.force_login(user)
    url = reverse("accounts:password-change")
    bad = client.post(url, {"old_password": "nope", "new_password1": "x" * 12, "new_password2": "x" * 12})
    assert b"Your old password was entered incorrectly" in bad.content
    new = "another-long-passphrase"
    good = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert good["Location"] == reverse("accounts:password-change-done")
    user.refresh_from_db()
    assert user.check_password(new)


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_lockout_is_for_the_attackers_address_not_the_teachers(client, settings):
    """Every request reaches the portal from the proxy (REMOTE_ADDR); X-Forwarded-For names the client."""
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    factories.UserFactory(email="sam@school.example")
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**via_proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.66"}  # a spoofed left entry
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "sam@school.example", "password": "x"}, **attacker)
    locked = client.post(
        reverse("accounts:login"), {"username": "sam@school.example", "password": PASSWORD}, **attacker
    )
    assert locked.status_code == 429  # the attacker's own address (the proxy's last hop) is locked out

    teacher = {**via_proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
    signed_in = client.post(
        reverse("accounts:login"), {"username": "sam@school.example", "password": PASSWORD}, **teacher
    )
    assert signed_in.status_code == 302  # the teacher, elsewhere, still signs in


def test_without_a_proxy_forwarded_headers_are_ignored(rf, settings):
    from nasenco.accounts.client_ip import client_ip

    settings.PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "192.0.2.1"
    settings.PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.1")
    assert client_ip(request) == "192.0.2.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address, 10.0.0.1")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("nasenco123", "at least 12 characters"),
        ("password1234", "too common"),
        ("helencarter12", "too similar"),
        ("violet-harbour-lantern", None),
    ],
)
def test_password_rules(password, refused):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = get_user_model()(email="helen.carter@school.example", full_name="Helen Carter")
    if refused is None:
        validate_password(password, user)
        return
    with pytest.raises(ValidationError, match=refused):
        validate_password(password, user)


def test_a_reset_for_an_unknown_address_does_the_same_work(rf, settings):
    """The timing of a reset request does not tell whether the address has an account."""
    import statistics
    import time

    from nasenco.accounts.forms import OutboxPasswordResetForm

    factories.UserFactory(email="sam@school.example")

    def took(email) -> float:
        form = OutboxPasswordResetForm({"email": email})
        assert form.is_valid()
        start = time.perf_counter()
        form.save(request=rf.get("/"))
        return time.perf_counter() - start

    known, unknown = [], []
    for _ in range(15):
        known.append(took("sam@school.example"))
        unknown.append(took("nobody@school.example"))
    gap_ms = abs(statistics.median(known) - statistics.median(unknown)) * 1000
    assert gap_ms < 3, (
        f"known {statistics.median(known) * 1000:.2f} ms, unknown {statistics.median(unknown) * 1000:.2f} ms"
    )
    assert not OutboxEmail.objects.filter(to="nobody@school.example").exists()
    assert OutboxEmail.objects.filter(to="sam@school.example").count() == 15


def test_the_sign_in_page_names_the_portal_not_the_host(client):
    page = client.get(reverse("accounts:login"), HTTP_HOST="testserver").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "Sign in — NASENCO Portal" and "testserver" not in page


def test_a_form_with_errors_has_a_summary_linking_to_the_fields_and_says_error_in_the_title(client):
    page = client.post(reverse("accounts:password-reset"), {"email": ""}).content.decode()
    assert "<title>Error: " in page and 'id="error-summary"' in page
    assert 'href="#id_email"' in page and "Fill this in to continue." in page
    assert "This field is required" not in page


def test_forgot_password_reaches_an_account_that_never_chose_one(client, django_capture_on_commit_callbacks):
    """Issue 25 (14): a ``create_provider`` admin or an imported participant who missed their first link."""
    user = factories.UserFactory(email="new.admin@provider.example")
    user.set_unusable_password()
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "New.Admin@provider.example"})
    email = OutboxEmail.objects.get(to="new.admin@provider.example")
    link = re.search(r"http://localhost:8000(/accounts/password/reset/\S+/)", email.body_text).group(1)
    form_page = client.get(link, follow=True)
    new = "violet-harbour-lantern-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_forgot_password_sends_nothing_to_an_erased_account(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="gone@school.example", is_active=False)
    user.set_unusable_password()
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "gone@school.example"})
    assert not OutboxEmail.objects.exists()


def test_guessing_from_many_addresses_is_slowed_without_locking_the_owner_out(client, settings):
    """Issue 25 (3): 30 wrong passwords from 6 addresses, then the right one from a 7th, was accepted."""
    import datetime as dt

    import time_machine
    from django.test import RequestFactory

    from nasenco.accounts import throttle
    from nasenco.accounts.throttle import DEVICE_COOKIE

    rf_request = RequestFactory().post("/")
    owner = factories.UserFactory(email="sam@school.example")
    owners_laptop = type(client)()
    assert _login(owners_laptop, "sam@school.example").status_code == 302  # the owner's own laptop, earlier
    device_cookie = owners_laptop.cookies[DEVICE_COOKIE].value

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for address in range(6):
            for _ in range(settings.AXES_FAILURE_LIMIT):
                client.post(
                    reverse("accounts:login"),
                    {"username": "sam@school.example", "password": "wrong-guess"},
                    REMOTE_ADDR=f"203.0.113.{address}",
                )
        seventh = type(client)()
        refused = seventh.post(
            reverse("accounts:login"),
            {"username": "sam@school.example", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
        )
        assert refused.status_code == 429 and "_auth_user_id" not in seventh.session
        assert b"must wait 1 minute before" in refused.content  # 10 wrong passwords got through: 30 s
        clock.shift(dt.timedelta(seconds=31))  # one more guess after the cool-down doubles it
        _login(seventh, "sam@school.example", "wrong-guess")
        assert throttle.seconds_to_wait(rf_request, "sam@school.example") == 60
        assert _login(seventh, "sam@school.example").status_code == 429  # even the right password waits
        told = OutboxEmail.objects.filter(to="sam@school.example", template="accounts/email/sign_in_throttled")
        assert told.count() == 1 and "10 times today" in told.get().body_text  # once, not at every guess

        owner_again = type(client)()
        owner_again.cookies[DEVICE_COOKIE] = device_cookie  # a device the owner has signed in on before
        ok = owner_again.post(
            reverse("accounts:login"), {"username": "sam@school.example", "password": PASSWORD}, REMOTE_ADDR="192.0.2.5"
        )
        assert ok.status_code == 302  # never slowed, and the count starts again
        for _ in range(3):  # a few more wrong guesses: below the threshold again, so a new device may try
            client.post(
                reverse("accounts:login"),
                {"username": "sam@school.example", "password": "wrong-guess"},
                REMOTE_ADDR="203.0.113.99",
            )
        clock.shift(dt.timedelta(seconds=1))
        assert _login(type(client)(), "sam@school.example").status_code == 302
    assert owner.is_active


def test_the_cool_down_grows_and_ends(rf):
    import datetime as dt

    from nasenco.accounts import throttle

    assert throttle.cool_down(9) == dt.timedelta(0)
    assert throttle.cool_down(10) == dt.timedelta(seconds=30)
    assert throttle.cool_down(12) == dt.timedelta(seconds=120)
    assert throttle.cool_down(40) == dt.timedelta(minutes=15)
    request = rf.post("/")
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for _ in range(10):
        throttle.account_failure_record(email="Nobody@School.example", now=now)
    assert throttle.seconds_to_wait(request, "nobody@school.example", now=now) == 30
    assert throttle.seconds_to_wait(request, "nobody@school.example", now=now + dt.timedelta(seconds=30)) == 0
    assert not OutboxEmail.objects.exists()  # no account: nobody to tell


@pytest.mark.parametrize(
    "password", ["Password123!", "Summer2026!!", "Nasenco2026!!", "NASENCOPortal2026", "qwertyuiop12"]
)
def test_common_patterns_of_twelve_or_more_characters_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="easy to guess"):
        validate_password(password, get_user_model()(email="sam@school.example", full_name="Sam Patel"))


@pytest.mark.django_db
def test_every_password_rule_is_listed_before_typing_and_every_broken_one_said_at_once(client):
    from django.urls import reverse

    page = client.get(reverse("accounts:sign-up")).content.decode()
    rules = page.split('id="id_password1_helptext"')[1].split("</ul>")[0]
    assert rules.count("<li>") == 5 and "at least 12 characters" in rules
    page = client.post(
        reverse("accounts:sign-up"),
        {"full_name": "Ann Lee", "email": "ann@school.example", "password1": "ann", "password2": "ann"},
    ).content.decode()
    said = [
        "too similar to the email address",
        "too short. It must contain at least 12 characters",
        "too common",
        "would be easy to guess: it follows",
    ]
    assert all(message in page for message in said), [m for m in said if m not in page]


def test_forwarded_for_is_believed_only_from_the_configured_proxies(rf, settings):
    """Issue 25 (3): with PROXY_COUNT=1, anyone reaching gunicorn directly could name any address."""
    from nasenco.accounts.client_ip import client_ip

    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "::1/128"]
    direct = rf.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert client_ip(direct) == "198.51.100.20"
    through_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.99")
    assert client_ip(through_nginx) == "192.0.2.99"
    settings.PROXY_COUNT = 2  # a load balancer we do not list, then nginx
    hop = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5")
    assert client_ip(hop) == "127.0.0.1"


def test_choosing_a_new_password_through_the_emailed_link_ends_the_cool_down(
    client, django_capture_on_commit_callbacks
):
    import datetime as dt

    from nasenco.accounts import throttle
    from nasenco.accounts.models import AccountGuard

    factories.UserFactory(email="sam@school.example")
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for _ in range(throttle.ACCOUNT_FAILURE_THRESHOLD):
        throttle.account_failure_record(email="sam@school.example", now=now)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "sam@school.example"})
    email = OutboxEmail.objects.get(template="accounts/email/password_reset")
    link = re.search(r"http://localhost:8000(/accounts/password/reset/\S+/)", email.body_text).group(1)
    form_page = client.get(link, follow=True)
    new = "violet-harbour-lantern-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert not AccountGuard.objects.exists()


def test_every_password_rule_is_listed_before_the_first_attempt_and_all_broken_ones_at_once(client):
    from django.urls import reverse

    page = client.get(reverse("accounts:sign-up")).content.decode()
    for rule in ("at least 12 characters", "commonly used password", "entirely numeric", "a common pattern"):
        assert rule in page, rule
    refused = client.post(
        reverse("accounts:sign-up"),
        {"full_name": "Ann Teacher", "email": "ann@school.example", "password1": "1234", "password2": "1234"},
    ).content.decode()
    for broken in ("too short", "too common", "entirely numeric"):
        assert broken in refused, broken
