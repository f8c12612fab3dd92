"""First run: ``create_provider`` makes a provider and its admin, who sets a password from the email."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cohorts.models import ActivityEntry, Membership, Provider
from nasenco.mail.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_a_provider_and_its_first_admin_who_chooses_a_password_from_the_email_and_signs_in(client):
    call_command("create_provider", "--name", "Eastern SEN Partnership", "--admin-email", "jo.patel@esp.example")
    provider = Provider.objects.get(slug="eastern-sen-partnership")
    membership = Membership.objects.get(provider=provider)
    assert membership.role == Membership.Role.ADMIN and membership.user.full_name == "Jo Patel"
    assert not membership.user.has_usable_password()
    assert ActivityEntry.objects.filter(provider=provider, action="staff.granted").exists()

    email = OutboxEmail.objects.get(to="jo.patel@esp.example")
    assert email.subject == "Your NASENCO Portal account for Eastern SEN Partnership"
    link = re.search(r"https?://\S+/accounts/password/reset/\S+", email.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "kettle-harbour-lantern", "new_password2": "kettle-harbour-lantern"},
    )
    assert done.status_code == 302
    signed_in = client.post(
        reverse("accounts:login"), {"username": "jo.patel@esp.example", "password": "kettle-harbour-lantern"}
    )
    assert signed_in.status_code == 302


def test_an_existing_account_becomes_admin_and_bad_input_changes_nothing(cast):
    call_command("create_provider", "--name", "Second Provider", "--admin-email", cast.tutor_a1.email)
    assert Membership.objects.filter(user=cast.tutor_a1, role=Membership.Role.ADMIN).count() == 1
    count = Provider.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_provider", "--name", "second provider", "--admin-email", "x@y.example")
    with pytest.raises(CommandError, match="not an email address"):
        call_command("create_provider", "--name", "Third", "--admin-email", "not-an-address")
    assert Provider.objects.count() == count
