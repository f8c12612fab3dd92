import datetime as dt

import pytest
from django.urls import reverse

from cohorts.models import TeachingDay
from enrolment.models import Enrolment
from enrolment.services import CohortFull, enrolment_place
from tests import factories

pytestmark = pytest.mark.django_db


def test_my_programme_shows_the_timetable_and_how_to_join(client, cast):
    venue = factories.VenueFactory(provider=cast.provider_a, name="Fielder Centre", postcode="AL10 9TP")
    factories.TeachingDayFactory(
        cohort=cast.cohort_a1, number=4, mode=TeachingDay.Mode.VENUE, venue=venue, date=dt.date(2024, 1, 24)
    )
    client.force_login(cast.participant_a1)
    page = client.get(reverse("enrolment:my-programme")).content.decode()
    assert "Wednesday 24 January 2024" in page
    assert "Fielder Centre" in page and "AL10 9TP" in page
    assert "join online" in page
    assert "<strong>A2</strong>" not in page


def test_my_programme_without_a_place_says_what_happens_next(client):
    client.force_login(factories.UserFactory())
    page = client.get(reverse("enrolment:my-programme")).content.decode()
    assert "You do not have a place on a cohort yet" in page


def test_a_submitted_application_is_not_a_place(client, cast):
    applicant = factories.EnrolmentFactory(cohort=cast.cohort_a2, status=Enrolment.Status.SUBMITTED).participant
    client.force_login(applicant)
    page = client.get(reverse("enrolment:my-programme")).content.decode()
    assert "You do not have a place on a cohort yet" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "A2 — National Award for SEN Coordination</a>: Submitted" in dashboard


def test_placing_respects_capacity(cast):
    cast.cohort_a1.capacity = 1  # participant_a1 already holds the only place
    cast.cohort_a1.save()
    with pytest.raises(CohortFull, match="is full"):
        enrolment_place(cohort=cast.cohort_a1, participant=factories.UserFactory())
    # Placing someone already there changes nothing.
    assert enrolment_place(cohort=cast.cohort_a1, participant=cast.participant_a1).status == Enrolment.Status.ACTIVE


def test_my_programme_shows_booked_catch_up_sessions_and_the_calendar_link(client, cast):
    from cohorts.services import catch_up_book

    booked = cast.cohort_a2.days.get(number=2)
    catch_up_book(participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=booked, by=cast.admin_a)
    client.force_login(cast.participant_a1)
    page = client.get(reverse("enrolment:my-programme")).content.decode()
    assert "Catch-up sessions booked for you" in page
    assert f"Day 2 with A2: {booked.date:%A} {booked.date.day} {booked.date:%B %Y}" in page
    assert 'href="/cohorts/calendar/"' in page
