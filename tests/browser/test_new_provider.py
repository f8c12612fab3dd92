"""From nothing to a running cohort without the platform operator, in Chromium: the first admin sets a
password from the create_provider email, adds a programme and a cohort, invites a tutor and an external
examiner, imports the participants from a spreadsheet, and opens the cohort."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cohorts.models import Cohort, Membership
from enrolment.models import Enrolment
from nasenco.mail.models import OutboxEmail
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kettle-harbour-lantern"


def _link(email: str, pattern: str) -> str:
    body = OutboxEmail.objects.filter(to=email).latest("created").body_text
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", body).group(1)


def test_an_empty_provider_runs_a_cohort_with_staff_an_examiner_and_imported_participants(page, tmp_path, settings):
    settings.REQUIRE_STAFF_2FA = False
    call_command(
        "create_provider",
        "--name",
        "Fenland SEN Partnership",
        "--admin-email",
        "kim@fenland.example",
        stdout=io.StringIO(),
    )
    page.goto(_link("kim@fenland.example", "/accounts/password/reset/"))
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("kim@fenland.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")

    page.goto("/cohorts/programmes/new/")
    page.get_by_label("Title").fill("NPQ for SENCOs (Fenland)")
    page.get_by_label("Qualification").select_option("NPQSENCO")
    page.get_by_role("button", name=re.compile("^Save|^Add")).click()
    page.get_by_text("The programme is added.").wait_for()

    page.goto("/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    if page.get_by_role("link", name=re.compile("NPQ for SENCOs")).count():
        page.get_by_role("link", name=re.compile("NPQ for SENCOs")).first.click()
    page.get_by_label("Name").fill("Fenland 1")
    page.get_by_label("Academic year").fill("2026-27")
    first = dt.date(2026, 9, 15)
    dates = page.locator("input[type=date][name$='-date']")
    for index in range(dates.count()):
        dates.nth(index).fill((first + dt.timedelta(weeks=4 * index)).isoformat())
    links = page.locator("input[name$='-joining_link']")
    for index in range(links.count()):
        links.nth(index).fill(f"https://classroom.example.org/fenland/{index}")
    page.get_by_role("button", name="Save cohort").click()
    page.get_by_role("heading", name=re.compile("Fenland 1")).wait_for()
    for step, now in (
        ("Publish and open for applications", "open for applications"),
        ("Close applications and start running", "running"),
    ):
        page.get_by_role("button", name=step).click()  # a confirmation first, naming who it affects
        page.get_by_role("button", name=step).click()
        page.get_by_text(f"Fenland 1 is now {now}.").wait_for()
    cohort = Cohort.objects.get(name="Fenland 1")
    assert cohort.status == Cohort.Status.RUNNING

    page.goto("/cohorts/staff/")
    page.locator("#id_email").fill("tutor@fenland.example")
    page.locator("#id_role").select_option("tutor")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation is on its way to tutor@fenland.example.").wait_for()
    page.locator("#id_email").fill("examiner@uni.example")
    page.locator("#id_role").select_option("examiner")
    page.get_by_text("For an external examiner").click()
    page.get_by_label("Fenland 1").check()
    page.get_by_label("Access ends on").fill((dt.date.today() + dt.timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation is on its way to examiner@uni.example.").wait_for()
    assert_accessible(page)

    listing = tmp_path / "fenland.csv"
    listing.write_text(
        "Name,Email,TRN,School,Role,Date appointed,Qualification,Induction,Setting\n"
        "Asha Patel,asha@school.example,1234567,Wisbech Primary,designated,2025-01-06,QTS,completed,maintained\n"
        "Ben Carter,ben@school.example,7654321,March Academy,designated,2024-11-04,QTS,completed,academy\n"
    )
    page.goto(f"/applications/cohort/{cohort.pk}/import/")
    page.get_by_label("The list, as CSV or Excel (.xlsx)").set_input_files(str(listing))
    page.get_by_role("button", name="Check the list").click()
    page.get_by_role("button", name="Add 2 participants to Fenland 1").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Add 2 participants to Fenland 1").click()
    page.get_by_text("2 participant(s) added to Fenland 1.").wait_for()

    for email, pattern in (("tutor@fenland.example", "/cohorts/join/"), ("examiner@uni.example", "/cohorts/join/")):
        page.context.clear_cookies()
        page.goto(_link(email, pattern))
        page.get_by_label("Your full name").fill(email.split("@")[0].title())
        page.get_by_label("Choose a password").fill(PASSWORD)
        page.get_by_label("The same password again").fill(PASSWORD)
        page.get_by_role("button", name="Create my account and join").click()
        page.wait_for_url("**/")
    page.goto(f"/assessment/examiner/cohort/{cohort.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Fenland 1"))).to_be_visible()
    assert_accessible(page)

    roles = set(Membership.objects.filter(provider=cohort.provider).values_list("role", flat=True))
    assert roles == {"admin", "tutor", "examiner"}
    places = Enrolment.objects.filter(cohort=cohort)
    assert places.count() == 2 and all(p.statutory_deadline for p in places)
