"""Calendar feeds, read back with a real iCalendar parser."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from cohorts import services
from cohorts.calendar import uid_for
from tests import factories
from tests.cohorts.test_scheduling import rows_of, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _autumn_2023():
    """The factories' sessions run from 20 September 2023; the feeds keep a window of past sessions."""
    with time_machine.travel(dt.datetime(2023, 10, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_personal_feed_lists_the_participants_sessions_and_catch_ups(client, cast):
    booked = cast.cohort_a2.days.get(number=2)
    services.catch_up_book(participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=booked, by=cast.admin_a)
    feed = services.calendar_feed_for(cast.participant_a1)
    found = events(client.get(reverse("cohorts:calendar-feed", args=[feed.token])))
    expected = {uid_for(d) for d in cast.cohort_a1.days.all()} | {uid_for(booked)}
    assert set(found) == expected
    day_1 = found[uid_for(cast.cohort_a1.days.get(number=1))]
    assert str(day_1["SUMMARY"]) == f"A1: Day 1 ({cast.provider_a.name})"
    start = day_1.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=1)  # BST in October
    assert (start.hour, start.minute) == (9, 30)
    assert str(day_1["LOCATION"]) == "Virtual classroom"
    assert str(day_1["URL"]) == "https://classroom.example.org/room"


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(client, cast):
    feed = services.calendar_feed_for(cast.participant_a1)
    url = reverse("cohorts:calendar-feed", args=[feed.token])
    uid = uid_for(cast.cohort_a1.days.get(number=1))
    assert int(events(client.get(url))[uid]["SEQUENCE"]) == 0
    rows = rows_of(cast.cohort_a1)
    rows[1].start_time = dt.time(10)
    save(cast.cohort_a1, rows, cast.admin_a, notify=False)
    moved = events(client.get(url))[uid]
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART").hour == 10


def test_venue_days_carry_the_address(client, cast):
    venue = factories.VenueFactory(
        provider=cast.provider_a, name="Fielder Centre", address="Hatfield Avenue", postcode="AL10 9TP"
    )
    venue_day = factories.TeachingDayFactory(cohort=cast.cohort_a1, number=3, mode="venue", venue=venue)
    client.force_login(cast.tutor_a1)
    found = events(client.get(reverse("cohorts:cohort-calendar", args=[cast.cohort_a1.pk])))
    assert str(found[uid_for(venue_day)]["LOCATION"]) == "Fielder Centre, Hatfield Avenue, AL10 9TP"


def test_renewing_the_address_revokes_the_old_one(client, cast):
    old = services.calendar_feed_for(cast.participant_a1).token
    client.force_login(cast.participant_a1)
    page = client.get(reverse("cohorts:my-calendar")).content.decode()
    assert old in page
    client.post(reverse("cohorts:my-calendar-renew"))
    client.logout()
    assert client.get(reverse("cohorts:calendar-feed", args=[old])).status_code == 404
    new = services.calendar_feed_for(cast.participant_a1).token
    assert new != old
    assert client.get(reverse("cohorts:calendar-feed", args=[new])).status_code == 200


def test_a_deactivated_account_has_no_feed(client, cast):
    token = services.calendar_feed_for(cast.participant_a1).token
    cast.participant_a1.is_active = False
    cast.participant_a1.save()
    assert client.get(reverse("cohorts:calendar-feed", args=[token])).status_code == 404


@pytest.mark.parametrize("cohorts", [1, 3])
def test_feed_query_count_is_bounded_for_someone_in_several_cohorts(client, cast, cohorts, django_assert_num_queries):
    person = factories.UserFactory()
    for n in range(cohorts):
        cohort = factories.CohortFactory(programme=cast.cohort_a1.programme, name=f"Extra {n}")
        for number in range(8):
            factories.TeachingDayFactory(cohort=cohort, number=number)
        factories.EnrolmentFactory(cohort=cohort, participant=person)
    token = services.calendar_feed_for(person).token
    # 8: whether the reader is staff (their events link to the cohort); 9 and 10: what they mark (none here)
    with django_assert_num_queries(10):
        found = events(client.get(reverse("cohorts:calendar-feed", args=[token])))
    assert len(found) == 8 * cohorts


def test_the_personal_feed_holds_due_dates_the_extension_and_the_statutory_deadline(client, cast):
    from assessment import services as assessment
    from assessment.models import Extension
    from enrolment.models import Enrolment

    place = cast.participant_a1.enrolments.get()
    Enrolment.objects.filter(pk=place.pk).update(deadline_required=True, statutory_deadline=dt.date(2027, 8, 31))
    first = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    second = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 2", kind="level7")
    for component, due in ((first, dt.date(2027, 1, 15)), (second, dt.date(2027, 5, 14))):
        assessment.due_date_set(component=component, cohort=cast.cohort_a1, due_on=due, by=None)
    Extension.objects.create(
        enrolment=place, component=second, until=dt.date(2027, 6, 4), reason="Ill", status="approved"
    )
    feed = services.calendar_feed_for(cast.participant_a1)
    found = events(client.get(reverse("cohorts:calendar-feed", args=[feed.token])))
    dated = {
        str(e["SUMMARY"]): e.decoded("DTSTART") for e in found.values() if not str(e["UID"]).startswith("teaching")
    }
    assert dated == {
        "Due: Assignment 1": dt.date(2027, 1, 15),
        "Due: Assignment 2 (your extension)": dt.date(2027, 6, 4),
        "Statutory deadline: hold the SENCO qualification": dt.date(2027, 8, 31),
    }
    again = events(client.get(reverse("cohorts:calendar-feed", args=[feed.token])))
    assert {u: e["DTSTAMP"].to_ical() for u, e in again.items()} == {
        u: e["DTSTAMP"].to_ical() for u, e in found.items()
    }
    client.force_login(cast.tutor_a1)
    cohort_feed = events(client.get(reverse("cohorts:cohort-calendar", args=[cast.cohort_a1.pk])))
    assert {str(e["SUMMARY"]) for e in cohort_feed.values()} >= {"A1: Assignment 1 due", "A1: Assignment 2 due"}


def test_a_markers_feed_holds_work_due_in_and_the_day_each_batch_is_to_be_marked_by(client, cast):
    from assessment import services as assessment
    from assessment.timing import MARK_WITHIN_DAYS

    component = assessment.component_create(programme=cast.cohort_a1.programme, title="Assignment 1", kind="level7")
    assessment.due_date_set(component=component, cohort=cast.cohort_a1, due_on=dt.date(2023, 10, 13), by=None)
    place = cast.participant_a1.enrolments.get()
    submission = factories.hand_in(place, component, today=dt.date(2023, 10, 12))
    assessment.allocate(submission=submission, marker=cast.tutor_a1, by=cast.admin_a)
    feed = services.calendar_feed_for(cast.tutor_a1)
    found = events(client.get(reverse("cohorts:calendar-feed", args=[feed.token])))
    dated = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in found.values() if "teaching" not in str(e["UID"])}
    assert dated == {
        "A1: Assignment 1 due in": dt.date(2023, 10, 13),
        "Mark by: 1 piece of Assignment 1 (A1)": dt.date(2023, 10, 15) + dt.timedelta(days=MARK_WITHIN_DAYS),
    }
    submission.refresh_from_db()
    assessment.mark_save(
        submission=submission, by=cast.tutor_a1, criterion_marks={c.pk: 60 for c in component.criteria.all()},
        feedback="Good.", expected_version=submission.version,
    )  # fmt: skip
    found = events(client.get(reverse("cohorts:calendar-feed", args=[feed.token])))
    assert not [e for e in found.values() if str(e["SUMMARY"]).startswith("Mark by")]  # marked: gone
    # Someone who neither teaches nor marks there has neither.
    other = services.calendar_feed_for(cast.admin_b)
    theirs = events(client.get(reverse("cohorts:calendar-feed", args=[other.token])))
    assert not [e for e in theirs.values() if "Assignment 1" in str(e["SUMMARY"])]


def test_the_feed_lets_sessions_over_a_year_old_go(client, cast):
    """A tutor's feed would otherwise grow with every cohort they ever taught."""
    feed = services.calendar_feed_for(cast.tutor_a1)
    url = reverse("cohorts:calendar-feed", args=[feed.token])
    now = {uid_for(d) for d in cast.cohort_a1.days.all()}
    assert now <= set(events(client.get(url)))
    last = max(d.date for d in cast.cohort_a1.days.all())
    with time_machine.travel(dt.datetime.combine(last + dt.timedelta(days=401), dt.time(12), dt.UTC), tick=False):
        assert not now & set(events(client.get(url)))
    with time_machine.travel(dt.datetime.combine(last + dt.timedelta(days=399), dt.time(12), dt.UTC), tick=False):
        assert uid_for(cast.cohort_a1.days.order_by("date").last()) in events(client.get(url))


def test_each_events_timetable_link_opens_the_timetable_its_reader_can_open(client, cast):
    """A participant's feed links to their own timetable; a tutor's and the cohort's calendar to the cohort."""
    from django.conf import settings

    mine = services.calendar_feed_for(cast.participant_a1)
    found = events(client.get(reverse("cohorts:calendar-feed", args=[mine.token])))
    day_1 = found[uid_for(cast.cohort_a1.days.get(number=1))]
    assert f"Timetable: {settings.SITE_URL}{reverse('enrolment:my-programme')}" in str(day_1["DESCRIPTION"])
    tutors = services.calendar_feed_for(cast.tutor_a1)
    found = events(client.get(reverse("cohorts:calendar-feed", args=[tutors.token])))
    cohort_page = f"Timetable: {settings.SITE_URL}{reverse('cohorts:cohort-detail', args=[cast.cohort_a1.pk])}"
    assert cohort_page in str(found[uid_for(cast.cohort_a1.days.get(number=1))]["DESCRIPTION"])
    client.force_login(cast.admin_a)
    found = events(client.get(reverse("cohorts:cohort-calendar", args=[cast.cohort_a1.pk])))
    assert cohort_page in str(found[uid_for(cast.cohort_a1.days.get(number=1))]["DESCRIPTION"])
