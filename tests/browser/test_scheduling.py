"""An admin creates a cohort with its timetable in Chromium; a participant placed on it sees it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from cohorts.models import Cohort
from enrolment.services import enrolment_place
from nasenco.accounts.models import User
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_creates_a_cohort_with_days_and_a_participant_sees_it(page, demo):
    sign_in(page, "admin@eastern-partnership.example")
    page.goto("/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    page.get_by_role("heading", name="New cohort").wait_for()
    assert_accessible(page)

    page.get_by_label("Name").fill("Norfolk spring 2024")
    page.get_by_label("Academic year").fill("2023-24")
    page.get_by_label("Rachel Morgan").check()
    first = dt.date(2024, 4, 16)  # a Tuesday; a National Award course must start before 1 September 2024
    for number in range(8):
        label = "Orientation" if number == 0 else f"Day {number}"
        page.get_by_label(f"Date of {label}").fill((first + dt.timedelta(weeks=5 * number)).isoformat())
        if number == 1:
            page.get_by_label(f"Mode of {label}").select_option("venue")
            page.get_by_label(f"Venue of {label}").select_option(label="Hethel Engineering Centre")
        else:
            page.get_by_label(f"Joining link of {label}").fill(f"https://classroom.example.org/norfolk/{number}")
    # One more session, added with the button.
    page.get_by_role("button", name="Add a session").click()
    page.get_by_label("Date of Day 8").fill((first + dt.timedelta(weeks=40)).isoformat())
    page.get_by_label("Joining link of Day 8").fill("https://classroom.example.org/norfolk/8")
    page.get_by_role("button", name="Add a session").click()  # a second one is Day 9, not another Day 8
    page.get_by_label("Date of Day 9").fill((first + dt.timedelta(weeks=45)).isoformat())
    page.get_by_label("Joining link of Day 9").fill("https://classroom.example.org/norfolk/9")
    page.get_by_role("button", name="Save cohort").click()

    page.get_by_role("heading", name="Norfolk spring 2024").wait_for()
    expect(page.get_by_text("Norfolk spring 2024 is saved.")).to_be_visible()
    page.get_by_role("button", name="Publish and open for applications").click()  # asks first
    page.get_by_role("button", name="Publish and open for applications").click()
    page.get_by_text("Norfolk spring 2024 is now open for applications.").wait_for()
    expect(page.get_by_role("cell", name="Tuesday 16 April 2024")).to_be_visible()
    assert_accessible(page)
    cohort = Cohort.objects.get(name="Norfolk spring 2024")
    assert list(cohort.days.order_by("number").values_list("number", flat=True)) == list(range(10))
    assert cohort.days.get(number=1).venue.name == "Hethel Engineering Centre"

    newcomer = User.objects.create_user("new.senco@school.example", DEMO_PASSWORD, full_name="Nia Roberts")
    enrolment_place(cohort=cohort, participant=newcomer)
    page.context.clear_cookies()
    sign_in(page, "new.senco@school.example")
    page.get_by_role("link", name="See your full timetable").click()
    page.get_by_text("Norfolk spring 2024").first.wait_for()
    expect(page.get_by_role("cell", name="Tuesday 21 May 2024")).to_be_visible()
    expect(page.get_by_text("Hethel Engineering Centre").first).to_be_visible()
    assert_accessible(page)
