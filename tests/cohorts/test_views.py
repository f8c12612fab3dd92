import re

import pytest
from django.urls import reverse

from cohorts.models import Membership, TeachingDay
from nasenco.files.models import StoredFile
from tests import factories

pytestmark = pytest.mark.django_db


def _admin_with_cohorts(count):
    provider = factories.ProviderFactory()
    admin = factories.MembershipFactory(provider=provider, role=Membership.Role.ADMIN).user
    for n in range(count):
        cohort = factories.CohortFactory(programme__provider=provider, name=f"Group {150 + n}")
        for number in range(3):
            factories.TeachingDayFactory(cohort=cohort, number=number)
    return admin


@pytest.mark.parametrize("count", [1, 5])
def test_cohort_list_query_count_does_not_grow(client, count, django_assert_num_queries):
    client.force_login(_admin_with_cohorts(count))
    with django_assert_num_queries(7):
        response = client.get(reverse("cohorts:cohort-list"))
    assert response.status_code == 200
    assert len(re.findall(rb'href="/cohorts/\d+/"', response.content)) == count


def test_cohort_list_shows_dates_in_british_form(client):
    admin = _admin_with_cohorts(1)
    client.force_login(admin)
    content = client.get(reverse("cohorts:cohort-list")).content.decode()
    assert "Group 150" in content
    assert "20 September 2023 to 15 November 2023" in content
    assert "3 sessions" in content


def test_empty_cohort_list_says_what_happens_next(client):
    admin = factories.MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(admin)
    content = client.get(reverse("cohorts:cohort-list")).content.decode()
    assert "No cohorts yet" in content


def test_cohort_detail_shows_the_timetable_with_venue_and_link(client, cast):
    venue = factories.VenueFactory(provider=cast.provider_a, name="Landmark House", postcode="IP1 2BX")
    factories.TeachingDayFactory(cohort=cast.cohort_a1, number=3, mode=TeachingDay.Mode.VENUE, venue=venue)
    client.force_login(cast.tutor_a1)
    content = client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).content.decode()
    assert "Orientation" in content and "Day 3" in content
    assert "Landmark House, 1 High Street, Ipswich IP1 2BX" in content
    assert 'href="https://classroom.example.org/room"' in content
    assert cast.tutor_a1.full_name in content


def test_timetable_pdf_renders_in_the_background_for_the_requester(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cohorts:cohort-timetable-pdf", args=[cast.cohort_a1.pk]))
    stored = StoredFile.objects.get(created_by=cast.admin_a)
    assert response["Location"] == reverse("files:status", args=[stored.pk])
    assert stored.status == StoredFile.Status.READY
    assert stored.name == "Timetable — A1 2023-24.pdf"
    download = client.get(reverse("files:download", args=[stored.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # Another admin of the same provider cannot open a document someone else asked for.
    colleague = factories.MembershipFactory(provider=cast.provider_a, role=Membership.Role.ADMIN).user
    client.force_login(colleague)
    assert client.get(reverse("files:download", args=[stored.pk])).status_code == 404


def test_the_cohort_page_links_to_what_other_apps_offer(client, cast):
    client.force_login(cast.tutor_a1)
    page = client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).content.decode()
    assert f'href="/portfolio/cohort/{cast.cohort_a1.pk}/">Portfolio coverage</a>' in page
