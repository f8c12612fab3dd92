"""Creating and editing a cohort with its timetable: services and pages."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from cohorts import services
from cohorts.models import Cohort, Membership, TimetableChange
from cohorts.services import DayInput
from nasenco.mail.models import OutboxEmail
from tests import factories

pytestmark = pytest.mark.django_db
LINK = "https://classroom.example.org/a1"


def rows_of(cohort):
    return [
        DayInput(
            number=d.number,
            date=d.date,
            start_time=d.start_time,
            end_time=d.end_time,
            mode=d.mode,
            venue=d.venue,
            joining_link=d.joining_link,
            topics=d.topics,
            pk=d.pk,
        )
        for d in cohort.days.order_by("number")
    ]


def save(cohort, rows, by, **extra):
    return services.cohort_save(
        cohort=cohort,
        fields={},
        tutors=list(cohort.tutors.all()),
        rows=rows,
        by=by,
        expected_version=extra.pop("version", cohort.version),
        **extra,
    )


def test_moving_a_day_emails_each_participant_once_and_bumps_the_calendar_sequence(
    cast, django_capture_on_commit_callbacks
):
    rows = rows_of(cast.cohort_a1)
    rows[2].date = rows[2].date + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        change = save(cast.cohort_a1, rows, cast.admin_a)
    assert change.summary.startswith("Day 2 moves from ")
    change.refresh_from_db()
    assert change.notified == 1
    day_2 = cast.cohort_a1.days.get(number=2)
    assert day_2.sequence == 1
    assert cast.cohort_a1.days.get(number=1).sequence == 0
    email = OutboxEmail.objects.get(to=cast.participant_a1.email)
    assert email.subject == f"National Award: Timetable change: A1 ({cast.provider_a.name}) — NASENCO Portal"
    assert "Day 2 moves from" in email.body_text
    assert [m.to for m in mail.outbox] == [[cast.participant_a1.email]]
    from icalendar import Calendar

    attached = email.attachments[0]
    assert attached["filename"] == "A1 timetable.ics" and attached["content_type"] == "text/calendar"
    sent = Calendar.from_ical(attached["content"])
    sequences = {str(e["SUMMARY"]).split(": ")[1].split(" (")[0]: int(e["SEQUENCE"]) for e in sent.walk("VEVENT")}
    assert sequences["Day 2"] == 1 and sequences["Day 1"] == 0  # only the moved session is newer
    assert mail.outbox[0].attachments[0][0] == "A1 timetable.ics"
    # Announcing again (a retried task) stores no second email.
    assert services.timetable_change_announce(change_id=change.pk) == 0
    assert OutboxEmail.objects.count() == 1


def test_no_announcement_for_a_draft_or_when_asked_not_to(cast):
    rows = rows_of(cast.cohort_a1)
    rows[1].start_time = dt.time(10)
    assert save(cast.cohort_a1, rows, cast.admin_a, notify=False) is None
    cast.cohort_a1.refresh_from_db()
    cast.cohort_a1.status = Cohort.Status.DRAFT
    cast.cohort_a1.save()
    rows = rows_of(cast.cohort_a1)
    rows[1].start_time = dt.time(11)
    assert save(cast.cohort_a1, rows, cast.admin_a) is None
    assert not TimetableChange.objects.exists()


def test_an_edit_from_an_old_version_is_a_conflict_and_changes_nothing(cast):
    stale_version = cast.cohort_a1.version
    rows = rows_of(cast.cohort_a1)
    rows[1].start_time = dt.time(10)
    save(cast.cohort_a1, rows, cast.admin_a)
    rows[1].start_time = dt.time(11)
    with pytest.raises(services.TimetableConflict):
        save(cast.cohort_a1, rows, cast.admin_a, version=stale_version)
    assert cast.cohort_a1.days.get(number=1).start_time == dt.time(10)


def test_the_service_refuses_a_timetable_that_contradicts_itself(cast):
    rows = rows_of(cast.cohort_a1)
    rows[2].date = rows[1].date
    with pytest.raises(services.TimetableInvalid, match="same date"):
        save(cast.cohort_a1, rows, cast.admin_a)


def test_swapping_two_day_numbers_is_possible(cast):
    rows = rows_of(cast.cohort_a1)
    rows[1].number, rows[2].number = 2, 1
    rows[1].date, rows[2].date = rows[2].date, rows[1].date
    save(cast.cohort_a1, rows, cast.admin_a, notify=False)
    assert list(cast.cohort_a1.days.order_by("number").values_list("number", flat=True)) == [0, 1, 2]


def test_removing_a_day_is_reported_as_cancelled(cast):
    rows = rows_of(cast.cohort_a1)
    rows[2].delete = True
    change = save(cast.cohort_a1, rows, cast.admin_a)
    assert "Day 2 (" in change.summary and "is cancelled." in change.summary
    assert cast.cohort_a1.days.count() == 2


def test_duplicate_into_next_year_moves_dates_52_weeks_and_makes_a_draft(cast):
    copy = services.cohort_duplicate(cohort=cast.cohort_a1, by=cast.admin_a)
    assert (copy.name, copy.academic_year, copy.status) == ("A1", "2024-25", Cohort.Status.DRAFT)
    original = list(cast.cohort_a1.days.order_by("number").values_list("date", flat=True))
    copied = list(copy.days.order_by("number").values_list("date", flat=True))
    assert copied == [d + dt.timedelta(weeks=52) for d in original]
    assert list(copy.tutors.all()) == [cast.tutor_a1]
    with pytest.raises(services.DuplicateExists, match="already exists in 2024-25"):
        services.cohort_duplicate(cohort=cast.cohort_a1, by=cast.admin_a)


# --- pages -----------------------------------------------------------------------------------------------


def _post_data(form_rows, **cohort):
    data = {
        "programme": cohort.pop("programme", ""),
        "name": "Norfolk 2024-25",
        "academic_year": "2024-25",
        "delivery": "blended",
        "capacity": "20",
        "status": "open",
        "notes": "",
        "version": "",
        "days-TOTAL_FORMS": str(len(form_rows)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        **cohort,
    }
    for i, row in enumerate(form_rows):
        for key, value in row.items():
            data[f"days-{i}-{key}"] = value
    return data


def _row(number, date, mode="virtual", venue="", link=LINK, start="09:30", end="15:30"):
    return {
        "number": str(number),
        "date": date,
        "start_time": start,
        "end_time": end,
        "mode": mode,
        "venue": venue,
        "joining_link": link,
        "topics": "",
    }


def test_new_cohort_form_proposes_the_programmes_sessions(client, cast):
    programme = cast.cohort_a1.programme
    programme.default_start_time, programme.default_end_time = dt.time(9, 30), dt.time(15, 30)
    programme.save()
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:cohort-create"), {"programme": programme.pk}).content.decode()
    assert page.count('name="days-') > 0
    assert 'name="days-TOTAL_FORMS" value="8"' in page  # orientation + 7 days
    assert 'name="days-7-number" value="7"' in page
    assert 'value="09:30"' in page


def test_admin_creates_a_cohort_with_its_days(client, cast):
    venue = factories.VenueFactory(provider=cast.provider_a, name="Hethel Engineering Centre")
    client.force_login(cast.admin_a)
    data = _post_data(
        [
            _row(0, "2024-09-19", start="17:00", end="18:30"),
            _row(1, "2024-10-03", "venue", venue.pk, ""),
            _row(2, "2024-11-06"),
        ],
        programme=cast.cohort_a1.programme_id,
        tutors=[cast.tutor_a1.pk],
    )
    response = client.post(reverse("cohorts:cohort-create"), data)
    cohort = Cohort.objects.get(name="Norfolk 2024-25")
    assert response["Location"] == reverse("cohorts:cohort-detail", args=[cohort.pk])
    assert cohort.provider == cast.provider_a
    assert list(cohort.days.values_list("number", "mode")) == [(0, "virtual"), (1, "venue"), (2, "virtual")]
    assert cohort.days.get(number=1).venue == venue
    assert list(cohort.tutors.all()) == [cast.tutor_a1]


def test_errors_are_shown_next_to_the_field_and_nothing_typed_is_lost(client, cast):
    client.force_login(cast.admin_a)
    data = _post_data(
        [_row(1, "2024-10-03"), _row(2, "2024-09-01"), _row(3, "2024-12-01", "venue", "", "")],
        programme=cast.cohort_a1.programme_id,
    )
    page = client.post(reverse("cohorts:cohort-create"), data).content.decode()
    assert not Cohort.objects.filter(name="Norfolk 2024-25").exists()
    assert "The cohort is not saved yet" in page
    assert "Day 2 (1 September 2024) is before Day 1 (3 October 2024)." in page
    assert "Choose the venue for Day 3, or make it a virtual session." in page
    assert 'value="Norfolk 2024-25"' in page and 'value="2024-09-01"' in page  # kept
    assert 'aria-invalid="true"' in page


def test_a_foreign_venue_cannot_be_chosen(client, cast):
    other = factories.VenueFactory(provider=cast.provider_b)
    client.force_login(cast.admin_a)
    data = _post_data([_row(1, "2024-10-03", "venue", other.pk, "")], programme=cast.cohort_a1.programme_id)
    page = client.post(reverse("cohorts:cohort-create"), data).content.decode()
    assert "Select a valid choice" in page
    assert not Cohort.objects.filter(name="Norfolk 2024-25").exists()


def test_warnings_need_confirming_before_saving(client, cast):
    client.force_login(cast.admin_a)
    data = _post_data([_row(1, "2024-05-27"), _row(2, "2024-06-08")], programme=cast.cohort_a1.programme_id)
    page = client.post(reverse("cohorts:cohort-create"), data).content.decode()
    assert "Day 1 is on Spring Bank Holiday, a bank holiday in England." in page
    assert "Day 2 falls on a Saturday." in page
    assert not Cohort.objects.filter(name="Norfolk 2024-25").exists()
    response = client.post(reverse("cohorts:cohort-create"), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert Cohort.objects.filter(name="Norfolk 2024-25").exists()


def test_tutor_booked_elsewhere_at_the_same_time_is_warned(client, cast):
    busy = cast.cohort_a2.days.get(number=1)
    cast.cohort_a2.tutors.add(cast.tutor_a1)
    client.force_login(cast.admin_a)
    data = _post_data(
        [_row(1, busy.date.isoformat())], programme=cast.cohort_a1.programme_id, tutors=[cast.tutor_a1.pk]
    )
    page = client.post(reverse("cohorts:cohort-create"), data).content.decode()
    assert f"{cast.tutor_a1.full_name} also teaches A2 (Day 1)" in page


def test_editing_a_cohort_someone_else_saved_shows_a_conflict(client, cast):
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk])).content.decode()
    assert 'name="version" value="1"' in page
    rows = rows_of(cast.cohort_a1)
    rows[1].start_time = dt.time(10)
    save(cast.cohort_a1, rows, cast.admin_a, notify=False)  # a colleague saves first

    days = list(cast.cohort_a1.days.order_by("number"))
    data = _post_data(
        [
            {
                **_row(d.number, d.date.isoformat(), start="11:00" if d.number == 1 else "09:30"),
                "id": d.pk,
                "cohort": cast.cohort_a1.pk,
            }
            for d in days
        ],
        name="A1",
        academic_year="2023-24",
        status="running",
        version="1",
    )
    data["days-INITIAL_FORMS"] = str(len(days))
    page = client.post(reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk]), data).content.decode()
    assert "Someone else saved this cohort while you were editing" in page
    assert cast.cohort_a1.days.get(number=1).start_time == dt.time(10)  # theirs kept
    assert 'value="11:00"' in page  # yours still in the form
    assert 'name="version" value="2"' in page  # saving again now knowingly replaces theirs


def test_tutor_cannot_edit_but_admin_of_another_provider_cannot_even_see(client, cast):
    client.force_login(cast.tutor_a1)
    assert client.get(reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk])).status_code == 403
    client.force_login(cast.admin_b)
    assert client.get(reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk])).status_code == 404


def test_list_filters_by_status_and_year(client, cast):
    factories.CohortFactory(
        programme=cast.cohort_a1.programme, name="Draft one", status="draft", academic_year="2024-25"
    )
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:cohort-list"), {"status": "draft"}).content.decode()
    assert "Draft one" in page and ">A1<" not in page
    page = client.get(reverse("cohorts:cohort-list"), {"year": "2023-24"}).content.decode()
    assert "Draft one" not in page and ">A1<" in page
    page = client.get(reverse("cohorts:cohort-list"), {"q": "zzz"}).content.decode()
    assert "No cohorts match these filters" in page


@pytest.mark.parametrize("extra_participants", [1, 6])
def test_cohort_detail_query_count_does_not_grow(client, cast, extra_participants, django_assert_num_queries):
    for _ in range(extra_participants):
        factories.EnrolmentFactory(cohort=cast.cohort_a1)
    factories.TeachingDayFactory(cohort=cast.cohort_a1, number=3)
    client.force_login(cast.admin_a)

    with django_assert_num_queries(13):
        page = client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count("<progress") == extra_participants + 1


def test_staff_of_a_provider_with_no_tutors_are_told_how_to_add_them(client):
    provider = factories.ProviderFactory()
    admin = factories.MembershipFactory(provider=provider, role=Membership.Role.ADMIN).user
    programme = factories.ProgrammeFactory(provider=provider)
    client.force_login(admin)
    page = client.get(reverse("cohorts:cohort-create"), {"programme": programme.pk}).content.decode()
    assert "no tutors yet" in page


@pytest.mark.parametrize("sessions", [3, 9])
def test_cohort_edit_form_query_count_does_not_grow_with_sessions(client, cast, sessions, django_assert_num_queries):
    factories.VenueFactory(provider=cast.provider_a)
    for number in range(3, sessions):
        factories.TeachingDayFactory(cohort=cast.cohort_a1, number=number)
    client.force_login(cast.admin_a)

    # 11: the programme's usual mode, for sessions added in the editor
    with django_assert_num_queries(11):
        page = client.get(reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count('name="days-') > sessions * 8


def test_a_second_cohort_of_the_same_name_and_year_is_explained(client, cast):
    client.force_login(cast.admin_a)
    data = _post_data(
        [_row(1, "2024-10-03")], programme=cast.cohort_a1.programme_id, name="A1", academic_year="2023-24"
    )
    page = client.post(reverse("cohorts:cohort-create"), data).content.decode()
    assert "already exists" in page
    assert Cohort.objects.filter(name="A1").count() == 1
    assert 'value="2024-10-03"' in page
