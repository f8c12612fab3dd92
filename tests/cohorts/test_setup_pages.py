"""Provider admins keep their venues and programmes."""

import pytest
from django.urls import reverse

from cohorts.models import Membership, Programme, Venue
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_adds_a_venue_to_their_own_provider(client, cast):
    client.force_login(cast.admin_a)
    response = client.post(
        reverse("cohorts:venue-create"),
        {
            "provider": cast.provider_a.pk,
            "name": "Endeavour House",
            "address": "8 Russell Road, Ipswich",
            "postcode": " ip1 2bx ",
        },
    )
    assert response["Location"] == reverse("cohorts:venue-list")
    venue = Venue.objects.get(name="Endeavour House")
    assert (venue.provider, venue.postcode) == (cast.provider_a, "IP1 2BX")
    page = client.get(reverse("cohorts:venue-list")).content.decode()
    assert "Endeavour House" in page


def test_a_venue_cannot_be_added_to_another_provider(client, cast):
    client.force_login(cast.admin_a)
    client.post(
        reverse("cohorts:venue-create"),
        {
            "provider": cast.provider_b.pk,
            "name": "Sneaky",
            "address": "",
            "postcode": "",
        },
    )
    assert Venue.objects.get(name="Sneaky").provider == cast.provider_a  # the posted provider is ignored
    Membership.objects.create(provider=cast.provider_a, user=cast.admin_b, role=Membership.Role.ADMIN)
    client.force_login(cast.admin_b)  # now admin of A and B: a real choice, still only of their own
    other = factories.ProviderFactory(name="Provider C")
    page = client.post(
        reverse("cohorts:venue-create"),
        {
            "provider": other.pk,
            "name": "Sneakier",
            "address": "",
            "postcode": "",
        },
    ).content.decode()
    assert "Select a valid choice" in page
    assert not Venue.objects.filter(name="Sneakier").exists()


def test_duplicate_venue_names_are_explained(client, cast):
    factories.VenueFactory(provider=cast.provider_a, name="Landmark House")
    client.force_login(cast.admin_a)
    page = client.post(
        reverse("cohorts:venue-create"),
        {
            "provider": cast.provider_a.pk,
            "name": "Landmark House",
            "address": "",
            "postcode": "",
        },
    ).content.decode()
    assert "already exists" in page
    assert Venue.objects.filter(name="Landmark House").count() == 1


def test_admin_edits_a_programme_and_times_must_make_sense(client, cast):
    programme = cast.cohort_a1.programme
    client.force_login(cast.admin_a)
    url = reverse("cohorts:programme-edit", args=[programme.pk])
    data = {
        "title": "NASENCO (blended)",
        "qualification": "NASENCO",
        "credits": 60,
        "teaching_days": 6,
        "has_orientation": "on",
        "default_start_time": "15:30",
        "default_end_time": "09:30",
        "submission_window_months": 15,
        "minimum_attendance_percent": 85,
        "fee": "2250.00",
    }
    page = client.post(url, data).content.decode()
    assert "The end time must be after the start time (15:30)." in page
    assert 'value="NASENCO (blended)"' in page  # kept
    response = client.post(url, {**data, "default_start_time": "09:30", "default_end_time": "15:30"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.teaching_days, programme.minimum_attendance_percent) == (
        "NASENCO (blended)",
        6,
        85,
    )
    assert programme.provider == cast.provider_a  # never moves


def test_admin_of_two_providers_chooses_which_one_owns_a_programme(client, cast):
    Membership.objects.create(provider=cast.provider_b, user=cast.admin_a, role=Membership.Role.ADMIN)
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:programme-create")).content.decode()
    assert "Provider A" in page and "Provider B" in page
    client.post(
        reverse("cohorts:programme-create"),
        {
            "provider": cast.provider_b.pk,
            "title": "NPQ for SENCOs",
            "qualification": "NPQSENCO",
            "credits": 0,
            "teaching_days": 5,
            "minimum_attendance_percent": 100,
            "fee": "0",
        },
    )
    assert Programme.objects.get(title="NPQ for SENCOs").provider == cast.provider_b


def test_the_current_section_is_marked_in_the_navigation(client, cast):
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:venue-list")).content.decode()
    assert 'href="/cohorts/venues/" aria-current="page"' in page
    assert 'href="/cohorts/" aria-current="page"' not in page


def test_the_hints_send_an_admin_to_what_they_can_do_themselves(client):
    """Admins add programmes and invite tutors themselves: no hint sends them to the platform operator."""
    admin = factories.MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    page = client.get(reverse("cohorts:cohort-create")).content.decode()
    assert "platform operator" not in page and reverse("cohorts:programme-create") in page
    factories.ProgrammeFactory(provider=admin.provider)
    page = client.get(reverse("cohorts:cohort-create")).content.decode()
    assert "invite them under Staff" in page and "platform admin" not in page
