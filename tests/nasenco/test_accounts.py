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
