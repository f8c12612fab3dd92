"""Registers, catch-up in another cohort, and attendance against the programme's minimum."""

import re

import pytest
from django.urls import reverse

from cohorts import services
from cohorts.models import Attendance, CatchUp
from cohorts.selectors import attendance_summary, register_for
from cohorts.services.attendance import CatchUpRefused
from tests import factories

pytestmark = pytest.mark.django_db


def day(cohort, number):
    return cohort.days.get(number=number)


def test_tutor_takes_the_register_and_it_keeps_the_marks(client, cast):
    client.force_login(cast.tutor_a1)
    day_1 = day(cast.cohort_a1, 1)
    url = reverse("cohorts:register", args=[cast.cohort_a1.pk, day_1.pk])
    page = client.get(url).content.decode()
    assert cast.participant_a1.full_name in page
    assert cast.participant_a2.full_name not in page  # A2's participant is not on A1's register
    response = client.post(url, {f"p{cast.participant_a1.pk}": "present", f"p{cast.participant_a2.pk}": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get(day=day_1, participant=cast.participant_a1).status == "present"
    assert not Attendance.objects.filter(participant=cast.participant_a2).exists()  # ignored: not expected here
    assert re.search(r'value="present"[^>]*checked', client.get(url).content.decode())


def test_a_catch_up_visitor_shows_on_the_other_register_and_counts_at_home(cast):
    missed = day(cast.cohort_a1, 2)
    services.attendance_record(day=missed, marks={cast.participant_a1.pk: "absent"}, by=cast.tutor_a1)
    services.attendance_record(day=day(cast.cohort_a1, 1), marks={cast.participant_a1.pk: "present"}, by=cast.tutor_a1)
    before = attendance_summary(cast.cohort_a1)[0]
    assert (before["attended"], before["total"], before["percent"]) == (1, 2, 50)
    assert before["below_minimum"]  # the programme asks for 100%

    elsewhere = day(cast.cohort_a2, 2)
    services.catch_up_book(participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=elsewhere, by=cast.admin_a)
    rows = register_for(elsewhere)
    visitor = next(r for r in rows if r["participant"] == cast.participant_a1)
    assert visitor["visitor_from"] == cast.cohort_a1
    services.attendance_record(day=elsewhere, marks={cast.participant_a1.pk: "present"}, by=cast.admin_a)

    after = attendance_summary(cast.cohort_a1)[0]
    assert (after["attended"], after["percent"], after["below_minimum"]) == (2, 100, False)
    assert [b.day for b in after["catch_ups"]] == [elsewhere]


def test_authorised_absence_is_shown_but_is_not_attendance(cast):
    services.attendance_record(
        day=day(cast.cohort_a1, 1), marks={cast.participant_a1.pk: "authorised"}, by=cast.tutor_a1
    )
    row = attendance_summary(cast.cohort_a1)[0]
    assert (row["attended"], row["authorised"]) == (0, 1)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda c: day(c.cohort_a1, 2), "this is the participant's own cohort"),
        (lambda c: day(c.cohort_b1, 2), "same programme"),
        (lambda c: day(c.cohort_a2, 0), "Orientation sessions are not teaching days"),
    ],
)
def test_catch_up_refusals_say_why(cast, where, message):
    with pytest.raises(CatchUpRefused, match=message):
        services.catch_up_book(
            participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=where(cast), by=cast.admin_a
        )


def test_catch_up_only_for_someone_on_the_cohort(cast):
    with pytest.raises(CatchUpRefused, match="does not hold a place"):
        services.catch_up_book(
            participant=cast.participant_a2,
            home_cohort=cast.cohort_a1,
            day=day(cast.cohort_a2, 1),
            by=cast.admin_a,
        )


def test_one_catch_up_per_missed_day(cast):
    third = factories.CohortFactory(programme=cast.cohort_a1.programme, name="A3")
    factories.TeachingDayFactory(cohort=third, number=1)
    services.catch_up_book(
        participant=cast.participant_a1,
        home_cohort=cast.cohort_a1,
        day=day(cast.cohort_a2, 1),
        by=cast.admin_a,
    )
    with pytest.raises(CatchUpRefused, match="already booked to catch up Day 1 elsewhere"):
        services.catch_up_book(
            participant=cast.participant_a1, home_cohort=cast.cohort_a1, day=day(third, 1), by=cast.admin_a
        )


def test_admin_books_and_cancels_a_catch_up_through_the_pages(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("cohorts:catch-up", args=[cast.cohort_a1.pk])
    page = client.get(url).content.decode()
    assert "Day 1: A2" in page and "Day 1: B1" not in page  # only the same programme's cohorts are offered
    target = day(cast.cohort_a2, 1)
    response = client.post(url, {"participant": cast.participant_a1.pk, "day": target.pk})
    assert response["Location"] == reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])
    booking = CatchUp.objects.get()
    response = client.post(reverse("cohorts:catch-up-cancel", args=[cast.cohort_a1.pk, booking.pk]))
    assert not CatchUp.objects.exists()


def test_a_refused_catch_up_is_explained_next_to_the_field(client, cast):
    client.force_login(cast.admin_a)
    url = reverse("cohorts:catch-up", args=[cast.cohort_a1.pk])
    outsider_day = day(cast.cohort_b1, 1)
    page = client.post(url, {"participant": cast.participant_a1.pk, "day": outsider_day.pk}).content.decode()
    assert "Select a valid choice" in page  # another provider's session is not even a choice
    assert not CatchUp.objects.exists()


def test_everyone_present_late_and_left_early_count_and_notes_are_kept(client, cast):
    others = [factories.EnrolmentFactory(cohort=cast.cohort_a1).participant for _ in range(2)]
    client.force_login(cast.tutor_a1)
    day_1 = day(cast.cohort_a1, 1)
    url = reverse("cohorts:register", args=[cast.cohort_a1.pk, day_1.pk])
    late = {f"p{others[0].pk}": "late", f"n{others[0].pk}": "Arrived 10:40 after a safeguarding call."}
    client.post(url, {**late, "everyone": "present"})
    marks = dict(Attendance.objects.filter(day=day_1).values_list("participant_id", "status"))
    assert marks == {cast.participant_a1.pk: "present", others[0].pk: "late", others[1].pk: "present"}
    assert Attendance.objects.get(participant=others[0]).note.startswith("Arrived 10:40")
    client.post(url, {f"p{others[1].pk}": "left_early"})  # a second save keeps the others and their notes
    assert Attendance.objects.get(participant=others[0]).note.startswith("Arrived 10:40")
    summary = {row["participant"].pk: row for row in attendance_summary(cast.cohort_a1)}
    assert summary[others[0].pk]["attended"] == summary[others[1].pk]["attended"] == 1  # late and early attend

    response = client.post(url, {f"p{others[1].pk}": "absent", f"n{others[1].pk}": "x" * 201})
    assert (
        response.status_code == 400
        and "Keep the note to 200 characters (this one has 201)" in response.content.decode()
    )
    assert Attendance.objects.get(participant=others[1]).status == "left_early"  # nothing saved


def test_a_cohort_that_has_not_started_shows_no_red_zero(client, cast):
    import datetime as dt

    cast.cohort_a1.days.update(date=dt.date.today() + dt.timedelta(days=30))
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).content.decode()
    assert "Not started yet" in page and "below 100%" not in page
