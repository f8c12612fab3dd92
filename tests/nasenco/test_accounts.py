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
