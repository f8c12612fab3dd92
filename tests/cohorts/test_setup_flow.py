"""Setting a cohort up: dates proposed from a pattern round the holidays, explicit steps from draft to open
to running to closed (each confirmed first), and due dates proposed from the programme's usual offsets."""

import datetime as dt

import pytest
from django.urls import reverse

from assessment.models import Component, DueDate
from cohorts import services
from cohorts.models import ActivityEntry, Cohort
from cohorts.schedule import Pattern, holiday_check, propose_dates, school_holiday_on
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_pattern_steps_round_bank_holidays():
    pattern = Pattern(first=dt.date(2026, 5, 4), every_weeks=1, skip_school_holidays=False)
    proposed = propose_dates(pattern, 2, blocked=holiday_check(pattern))
    assert [day for day, _ in proposed] == [dt.date(2026, 5, 11), dt.date(2026, 5, 18)]
    assert proposed[0][1] == "moved on from 4 May (May Day, a bank holiday)"
    assert proposed[1][1] is None


def test_a_pattern_steps_round_school_holidays_and_carries_on_from_there():
    pattern = Pattern(first=dt.date(2025, 9, 18), every_weeks=4)
    days = [day for day, _ in propose_dates(pattern, 9, blocked=holiday_check(pattern))]
    assert days == [
        dt.date(2025, 9, 18),
        dt.date(2025, 10, 16),
        dt.date(2025, 11, 13),
        dt.date(2025, 12, 11),
        dt.date(2026, 1, 8),
        dt.date(2026, 2, 5),
        dt.date(2026, 3, 5),
        dt.date(2026, 4, 16),  # 2 and 9 April are the Easter holidays (Easter Day is 5 April 2026)
        dt.date(2026, 5, 14),
    ]
    assert all(day.weekday() == 3 for day in days)


@pytest.mark.parametrize(
    "day, holiday",
    [
        (dt.date(2027, 12, 24), "the Christmas holidays"),
        (dt.date(2028, 1, 2), "the Christmas holidays"),
        (dt.date(2028, 2, 16), "February half-term"),
        (dt.date(2027, 10, 27), "October half-term"),
        (dt.date(2028, 8, 1), "the summer holidays"),
        (dt.date(2028, 2, 29), None),
        (dt.date(2027, 9, 15), None),
    ],
)
def test_typical_school_holidays(day, holiday):
    assert school_holiday_on(day) == holiday


def test_the_editor_proposes_dates_without_saving(client, cast):
    client.force_login(cast.admin_a)
    before = list(cast.cohort_a1.days.order_by("number").values_list("date", flat=True))
    page = client.get(
        reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk]),
        {"first": "2026-05-04", "every_weeks": "2"},
    ).content.decode()
    assert "3 dates proposed: check them, then save the cohort." in page
    assert "Orientation: 11 May 2026, moved on from 4 May (May Day, a bank holiday)." in page
    for day in ("2026-05-11", "2026-06-01", "2026-06-15"):  # 25 May is the spring bank holiday
        assert f'value="{day}"' in page
    assert list(cast.cohort_a1.days.order_by("number").values_list("date", flat=True)) == before
    assert '<th scope="row" class="text-nowrap">Orientation</th>' in page


def test_a_new_timetable_starts_in_the_programmes_usual_mode_and_every_error_is_in_the_summary(client, cast):
    from cohorts.models import TeachingDay
    from cohorts.selectors import usual_mode

    programme = cast.cohort_a1.programme
    venue = factories.VenueFactory(provider=cast.provider_a)
    cast.cohort_a1.days.filter(number__gt=0).update(mode=TeachingDay.Mode.VENUE, venue=venue, joining_link="")
    assert usual_mode(programme) == TeachingDay.Mode.VENUE
    client.force_login(cast.admin_a)
    page = client.get(reverse("cohorts:cohort-create"), {"programme": programme.pk}).content.decode()
    assert page.count('<option value="venue" selected>') >= programme.teaching_days  # and "Add a session"'s row
    cast.cohort_a1.days.filter(number__gt=0).update(
        mode=TeachingDay.Mode.VIRTUAL, venue=None, joining_link="https://meet.example/a1"
    )
    assert usual_mode(programme) == TeachingDay.Mode.VIRTUAL

    # A session's own error (a venue day with no venue) is listed in the summary at the top, linked to it.
    form = {
        "programme": programme.pk, "name": "Summary check", "academic_year": "2026-27", "delivery": "venue",
        "capacity": "20", "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0", "days-0-number": "1",
        "days-0-date": "2026-10-01", "days-0-start_time": "09:30", "days-0-end_time": "15:30",
        "days-0-mode": "venue",
    }  # fmt: skip
    page = client.post(reverse("cohorts:cohort-create") + f"?programme={programme.pk}", form).content.decode()
    assert "The cohort is not saved yet" in page
    summary = page.split("The cohort is not saved yet")[1].split("</ul>")[0]
    assert "Day 1, venue:" in summary and 'href="#id_days-0-venue"' in summary


def test_a_venue_is_added_from_the_timetable_editor_without_losing_what_was_typed(client, cast):
    from cohorts.models import Venue

    programme = cast.cohort_a1.programme
    client.force_login(cast.admin_a)
    form = {
        "programme": programme.pk, "name": "Venue check", "academic_year": "2026-27", "delivery": "venue",
        "capacity": "20", "days-TOTAL_FORMS": "2", "days-INITIAL_FORMS": "0",
        "days-0-number": "1", "days-0-date": "2026-10-01", "days-0-mode": "venue",
        "days-1-number": "2", "days-1-date": "2026-10-29", "days-1-mode": "virtual",
        "days-1-joining_link": "https://meet.example/x",
        "new_venue-name": "Riverside Centre", "new_venue-address": "1 River Road, Ely", "new_venue-postcode": "cb7 4aa",
        "add_venue": "1",
    }  # fmt: skip
    url = reverse("cohorts:cohort-create") + f"?programme={programme.pk}"
    page = client.post(url, form).content.decode()
    venue = Venue.objects.get(provider=cast.provider_a, name="Riverside Centre")
    assert venue.postcode == "CB7 4AA"
    assert "Riverside Centre is added to your venues and chosen for 1 venue day that had none" in page
    assert 'value="Venue check"' in page and 'value="2026-10-29"' in page  # what was typed is kept
    assert f'<option value="{venue.pk}" selected>' in page
    assert not Cohort.objects.filter(name="Venue check").exists()  # saved only by its own button
    assert ActivityEntry.objects.filter(action="settings.venue-added", by=cast.admin_a).exists()

    # A venue typed but not added when the cohort is saved is added, not dropped; saving again saves.
    form.pop("add_venue")
    form.update({"new_venue-name": "Hall Two", "days-0-venue": ""})
    page = client.post(url, form).content.decode()
    assert "Hall Two is added to your venues" in page and not Cohort.objects.filter(name="Venue check").exists()


def test_choosing_a_programme_says_which_courses_of_it_count(client, cast):
    """reg. 49(7): a National Award cohort starting now places nobody; the chooser says so before the editor."""
    factories.ProgrammeFactory(provider=cast.provider_a, title="NPQ for SENCOs", qualification="NPQSENCO")
    client.force_login(cast.admin_a)
    page = " ".join(client.get(reverse("cohorts:cohort-create")).content.decode().split())
    assert "only for courses started before 1 September 2024 (SEND Regulations 2014, reg. 49(7)): nobody" in page
    assert "only for courses started on or after 1 September 2024" in page


def test_a_wrong_pattern_says_so_and_changes_nothing(client, cast):
    client.force_login(cast.admin_a)
    page = client.get(
        reverse("cohorts:cohort-edit", args=[cast.cohort_a1.pk]), {"first": "31/02/2026", "every_weeks": "0"}
    ).content.decode()
    assert "dates proposed" not in page and "Enter a valid date" in page


def step(client, cohort, status, confirmed=False):
    data = {"status": status, **({"confirmed": "1"} if confirmed else {})}
    return client.post(reverse("cohorts:cohort-status", args=[cohort.pk]), data)


def test_publishing_asks_first_then_opens_for_applications(client, cast):
    cohort = cast.cohort_a1
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.DRAFT)
    client.force_login(cast.admin_a)
    detail = client.get(reverse("cohorts:cohort-detail", args=[cohort.pk])).content.decode()
    assert "Publish and open for applications" in detail
    question = step(client, cohort, "open").content.decode()
    assert "Publish and open for applications: A1?" in question and "public course list" in question
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.DRAFT  # nothing happens before the confirmation
    assert step(client, cohort, "open", confirmed=True).status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.OPEN
    entry = ActivityEntry.objects.get(action="cohort.status")
    assert entry.by == cast.admin_a and entry.changes == {"status": ["draft", "open"]}


def test_a_step_that_does_not_follow_is_refused(client, cast):
    client.force_login(cast.admin_a)
    response = step(client, cast.cohort_a1, "open", confirmed=True)  # A1 is running
    assert response.status_code == 302
    cast.cohort_a1.refresh_from_db()
    assert cast.cohort_a1.status == Cohort.Status.RUNNING
    assert "cannot go to that step" in client.get(response["Location"]).content.decode()


def test_a_cohort_without_a_timetable_cannot_open(cast):
    cohort = factories.CohortFactory(programme=cast.cohort_a1.programme, name="Empty", status=Cohort.Status.DRAFT)
    with pytest.raises(services.StatusRefused, match="Add the timetable first"):
        services.cohort_status_set(cohort=cohort, status=Cohort.Status.OPEN, by=cast.admin_a)


def test_due_dates_are_proposed_from_the_programmes_offsets(client, cast):
    programme = cast.cohort_a1.programme
    essay = Component.objects.create(programme=programme, title="Essay", kind="level7", due_weeks=10)
    Component.objects.create(programme=programme, title="Viva", kind="pass_fail")  # no usual offset
    first = cast.cohort_a1.days.order_by("number").first().date
    client.force_login(cast.admin_a)
    page = client.get(reverse("assessment:cohort-scheme", args=[cast.cohort_a1.pk])).content.decode()
    expected = first + dt.timedelta(weeks=10)
    assert f"proposed: {expected.day} {expected:%B %Y}, 10 weeks after the first session" in page
    client.post(reverse("assessment:due-dates-proposed", args=[cast.cohort_a1.pk]))
    assert list(DueDate.objects.filter(cohort=cast.cohort_a1).values_list("component__title", "due_on")) == [
        ("Essay", expected)
    ]
    assert essay.due_dates.get().late_days == 14
