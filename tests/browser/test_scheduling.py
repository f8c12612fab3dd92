"""An admin creates a cohort with its timetable in Chromium; a participant placed on it sees it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cohorts.models import Cohort
from enrolment.services import enrolment_place
from nasenco.accounts.models import User
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-demo-pass"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
    assert not [p for p in page.console_problems if "Content Security Policy" in p], page.console_problems


def test_admin_creates_a_cohort_with_days_and_a_participant_sees_it(browser, live_server):
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console", lambda m: page.console_problems.append(m.text) if m.type in ("error", "warning") else None
    )

    sign_in(page, "admin@eastern-partnership.example")
    page.goto("/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    assert page.get_by_role("heading", name="New cohort").is_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("Norfolk 2025-26")
    page.get_by_label("Academic year").fill("2025-26")
    page.get_by_label("Status").select_option("open")
    page.get_by_label("Rachel Morgan").check()
    first = dt.date(2025, 9, 23)  # a Tuesday; sessions five weeks apart stay on Tuesdays
    for number in range(8):
        label = "Orientation" if number == 0 else f"Day {number}"
        page.get_by_label(f"Date of {label}").fill((first + dt.timedelta(weeks=5 * number)).isoformat())
        if number == 1:
            page.get_by_label(f"Mode of {label}").select_option("venue")
            page.get_by_label(f"Venue of {label}").select_option(label="Hethel Engineering Centre")
        else:
            page.get_by_label(f"Joining link of {label}").fill(
                f"https://classroom.example.org/norfolk/{number}"
            )
    # One more session, added with the button.
    page.get_by_role("button", name="Add a session").click()
    page.get_by_label("Date of Day 8").fill((first + dt.timedelta(weeks=40)).isoformat())
    page.get_by_label("Joining link of Day 8").fill("https://classroom.example.org/norfolk/8")
    page.get_by_role("button", name="Save cohort").click()

    page.get_by_role("heading", name="Norfolk 2025-26").wait_for()
    assert page.get_by_text("Norfolk 2025-26 is saved.").is_visible()
    assert page.get_by_role("cell", name="Tuesday 23 September 2025").is_visible()
    assert_accessible(page)
    cohort = Cohort.objects.get(name="Norfolk 2025-26")
    assert cohort.days.count() == 9
    assert cohort.days.get(number=1).venue.name == "Hethel Engineering Centre"

    newcomer = User.objects.create_user("new.senco@school.example", PASSWORD, full_name="Nia Roberts")
    enrolment_place(cohort=cohort, participant=newcomer)
    context.clear_cookies()
    sign_in(page, "new.senco@school.example")
    page.get_by_role("link", name="See your full timetable").click()
    assert page.get_by_text("Norfolk 2025-26").first.is_visible()
    assert page.get_by_role("cell", name="Tuesday 28 October 2025").is_visible()
    assert page.get_by_text("Hethel Engineering Centre").first.is_visible()
    assert_accessible(page)
    context.close()
