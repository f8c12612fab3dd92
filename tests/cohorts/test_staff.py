"""Provider admins run their own staff: invitations through the outbox, joining by a signed single-use
link, roles changed and removed with effect on the very next request; every bad link says why."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import ActivityEntry, Invitation, Membership
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "kettle-harbour-lantern"


def _link(email: str) -> str:
    body = OutboxEmail.objects.filter(to=email).latest("created").body_text
    return re.search(r"https?://[^/\s]+(/cohorts/join/\S+/)", body).group(1)


def _invite(client, admin, email, role="tutor"):
    client.force_login(admin)
    return client.post(
        reverse("cohorts:staff-invite"), {"email": email, "role": role, "provider": admin.memberships.get().provider_id}
    )


def test_an_invited_tutor_creates_an_account_joins_once_and_sees_the_staff_pages(client, cast):
    response = _invite(client, cast.admin_a, "Robin.Tutor@School.example")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "robin.tutor@school.example" and invitation.role == "tutor"
    email = OutboxEmail.objects.get(to="robin.tutor@school.example")
    assert email.subject == "Provider A invites you to the NASENCO Portal"
    link = _link("robin.tutor@school.example")

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Create my account and join" in page.content.decode()
    joined = client.post(link, {"full_name": "Robin Tutor", "password1": PASSWORD, "password2": PASSWORD})
    assert joined.status_code == 302
    member = Membership.objects.get(provider=cast.provider_a, user__email="robin.tutor@school.example")
    assert member.role == "tutor"
    assert client.get(reverse("cohorts:cohort-list")).status_code == 200  # signed in, a tutor now

    again = client.get(link)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    actions = set(ActivityEntry.objects.filter(provider=cast.provider_a).values_list("action", flat=True))
    assert {"staff.invited", "staff.joined"} <= actions


def test_an_existing_account_signs_in_and_gains_the_membership(client, cast):
    teacher = factories.UserFactory(email="sam@school.example", password=PASSWORD)
    _invite(client, cast.admin_a, "sam@school.example", role="admin")
    link = _link("sam@school.example")
    client.logout()
    page = client.get(link).content.decode()
    assert "An account already uses this address" in page and "Sign in" in page
    client.force_login(teacher)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=teacher, provider=cast.provider_a, role="admin").exists()


def test_someone_signed_in_as_another_person_cannot_use_the_link(client, cast):
    _invite(client, cast.admin_a, "sam@school.example")
    link = _link("sam@school.example")
    client.force_login(cast.participant_a1)
    assert "This invitation is for sam@school.example" in client.get(link).content.decode()
    refused = client.post(link)
    assert refused.status_code == 409 and not Membership.objects.filter(user=cast.participant_a1).exists()


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("tutor", "tutor", "is already a tutor at Provider A"),
        ("admin_b", "tutor", "is on the staff of Provider B"),
        ("pending", "tutor", "already has an invitation to be a tutor"),
        ("not an address", "tutor", "Enter a valid email address"),
        ("x@school.example", "owner", "Select a valid choice"),
    ],
)
def test_bad_invitations_are_refused_with_a_clear_message_and_send_nothing(client, cast, email, role, message):
    services.invitation_send(provider=cast.provider_a, email="pending@school.example", role="tutor", by=None)
    address = {"tutor": cast.tutor_a1.email, "admin_b": cast.admin_b.email, "pending": "pending@school.example"}
    before = OutboxEmail.objects.count()
    response = _invite(client, cast.admin_a, address.get(email, email), role)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert OutboxEmail.objects.count() == before and Invitation.objects.count() == 1


def test_expired_resent_and_withdrawn_links_each_say_why(client, cast):
    invitation = services.invitation_send(provider=cast.provider_a, email="sam@school.example", role="tutor", by=None)
    first = _link("sam@school.example")
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        expired = client.get(first).content.decode()
        assert "This invitation expired on" in expired and "Ask Provider A to send a new one" in expired
    client.force_login(cast.admin_a)
    client.post(reverse("cohorts:invitation-resend", args=[invitation.pk]))
    client.logout()
    assert "newer invitation" in client.get(first).content.decode()
    second = _link("sam@school.example")
    assert second != first and client.get(second).status_code == 200
    client.force_login(cast.admin_a)
    client.post(reverse("cohorts:invitation-cancel", args=[invitation.pk]))
    client.logout()
    assert "withdrew this invitation" in client.get(second).content.decode()
    assert "not valid" in client.get("/cohorts/join/forged-token/").content.decode()


def test_a_role_change_or_removal_applies_on_the_very_next_request(client, cast):
    client.force_login(cast.tutor_a1)
    assert client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).status_code == 200
    membership = cast.tutor_a1.memberships.get()
    admin = factories.UserFactory()
    admin_client = client.__class__()
    admin_client.force_login(cast.admin_a)
    admin_client.post(reverse("cohorts:staff-role", args=[membership.pk]), {"role": "admin"})
    assert client.get(reverse("cohorts:venue-list")).status_code == 200  # an admin now
    admin_client.post(reverse("cohorts:staff-remove", args=[membership.pk]), {"confirm": "remove"})
    assert client.get(reverse("cohorts:venue-list")).status_code == 403
    assert client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).status_code == 200  # still tutors A1
    cast.cohort_a1.tutors.remove(cast.tutor_a1)
    assert client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).status_code == 404
    assert admin.pk and ActivityEntry.objects.filter(action="staff.revoked").exists()


def test_the_last_admin_cannot_be_removed_or_demoted_and_removal_needs_the_tick(client, cast):
    client.force_login(cast.admin_a)
    membership = cast.admin_a.memberships.get()
    page = client.post(reverse("cohorts:staff-remove", args=[membership.pk]), {"confirm": "remove"}, follow=True)
    assert "needs at least one admin" in page.content.decode()
    page = client.post(reverse("cohorts:staff-role", args=[membership.pk]), {"role": "tutor"}, follow=True)
    assert "needs at least one admin" in page.content.decode()
    tutor = cast.tutor_a1.memberships.get()
    page = client.post(reverse("cohorts:staff-remove", args=[tutor.pk]), {}, follow=True)
    assert "Tick the box" in page.content.decode() and Membership.objects.filter(pk=tutor.pk).exists()


def test_the_staff_page_lists_people_roles_cohorts_and_pending_invitations(client, cast):
    services.invitation_send(provider=cast.provider_a, email="sam@school.example", role="tutor", by=cast.admin_a)
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:staff")).content.decode()
    assert cast.tutor_a1.full_name in page and "A1" in page and "sam@school.example" in page
    assert cast.admin_b.full_name not in page  # another provider's staff


@pytest.mark.parametrize("people", [2, 8])
def test_the_staff_page_query_count_does_not_grow(client, cast, people, django_assert_num_queries):
    for _ in range(people):
        member = factories.MembershipFactory(provider=cast.provider_a, role=Membership.Role.TUTOR).user
        cast.cohort_a2.tutors.add(member)
        services.invitation_send(provider=cast.provider_a, email=f"x{member.pk}@school.example", role="tutor", by=None)
    client.force_login(cast.admin_a)
    with django_assert_num_queries(10):
        assert client.get(reverse("cohorts:staff")).status_code == 200
